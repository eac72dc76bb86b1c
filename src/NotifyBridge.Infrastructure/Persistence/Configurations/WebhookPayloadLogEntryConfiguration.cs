using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Identity;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class WebhookPayloadLogEntryConfiguration : IEntityTypeConfiguration<WebhookPayloadLogEntry>
{
    public void Configure(EntityTypeBuilder<WebhookPayloadLogEntry> builder)
    {
        builder.ToTable("WebhookPayloadLog");
        builder.Property(p => p.Outcome).HasMaxLength(500);
        // "Newest N for this provider" and the amortized cap both walk (provider, id).
        builder.HasIndex(p => new { p.ProviderId, p.Id });
        builder.HasIndex(p => p.ReceivedAt);
        builder.HasOne<ServiceProvider>().WithMany().HasForeignKey(p => p.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
