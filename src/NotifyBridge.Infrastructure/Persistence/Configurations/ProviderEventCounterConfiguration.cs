using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Identity;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class ProviderEventCounterConfiguration : IEntityTypeConfiguration<ProviderEventCounter>
{
    public void Configure(EntityTypeBuilder<ProviderEventCounter> builder)
    {
        builder.ToTable("ProviderEventCounters");
        builder.HasKey(c => c.ProviderId);
        builder.Property(c => c.ProviderId).ValueGeneratedNever();
        builder.HasIndex(c => c.OwnerId);
        builder.HasOne<ServiceProvider>().WithOne().HasForeignKey<ProviderEventCounter>(c => c.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
