using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Identity;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class EventLogEntryConfiguration : IEntityTypeConfiguration<EventLogEntry>
{
    public void Configure(EntityTypeBuilder<EventLogEntry> builder)
    {
        builder.ToTable("Events");
        builder.Property(e => e.ProviderName).HasMaxLength(200);
        builder.Property(e => e.EventType).HasMaxLength(64);
        builder.Property(e => e.CollectionId).HasMaxLength(200);
        builder.Property(e => e.CollectionName).HasMaxLength(300);
        builder.Property(e => e.Title).HasMaxLength(EventLogEntry.MaxTitleLength);
        builder.Property(e => e.Summary).HasMaxLength(EventLogEntry.MaxSummaryLength);
        builder.Property(e => e.Url).HasMaxLength(2000);
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.DispatchStatus).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.Severity).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(200);
        // A redelivered webhook (same delivery id for the same provider) must not store twice.
        builder.HasIndex(e => new { e.ProviderId, e.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");

        // Id grows with arrival, so (owner, id) serves "newest first" keyset paging and
        // (owner, created) serves time-range filters; the type/provider variants serve the
        // dashboard filters without scanning; (type, collection, created) serves
        // "latest event of this kind for this album" lookups; created alone drives retention.
        builder.HasIndex(e => new { e.OwnerId, e.Id });
        builder.HasIndex(e => new { e.OwnerId, e.CreatedAt });
        builder.HasIndex(e => new { e.OwnerId, e.EventType, e.Id });
        builder.HasIndex(e => new { e.OwnerId, e.ProviderId, e.Id });
        builder.HasIndex(e => new { e.EventType, e.CollectionId, e.CreatedAt });
        builder.HasIndex(e => e.CreatedAt);

        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(e => e.OwnerId).OnDelete(DeleteBehavior.Cascade);
        // Events outlive their provider: the name is copied onto the event.
        builder.HasOne<ServiceProvider>().WithMany().HasForeignKey(e => e.ProviderId).OnDelete(DeleteBehavior.SetNull);
    }
}
