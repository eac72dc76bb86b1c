using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Identity;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class ServiceProviderConfiguration : IEntityTypeConfiguration<ServiceProvider>
{
    public void Configure(EntityTypeBuilder<ServiceProvider> builder)
    {
        builder.ToTable("Providers");
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Type).HasConversion<string>().HasMaxLength(40);
        builder.Property(p => p.BaseUrl).HasMaxLength(2000);
        builder.Property(p => p.WebhookSlug).HasMaxLength(64);
        // Inbound webhooks resolve their provider by slug on every call.
        builder.HasIndex(p => p.WebhookSlug).IsUnique();
        builder.HasIndex(p => new { p.OwnerId, p.Name });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
