using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Targets;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.ToTable("Deliveries");
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.IdempotencyKey).HasMaxLength(64);
        builder.Property(d => d.LeaseOwner).HasMaxLength(64);
        builder.Property(d => d.Locale).HasMaxLength(10);
        builder.Property(d => d.LastError).HasMaxLength(Delivery.MaxErrorLength);
        // Every index here is paid for on each of the millions of outbox inserts and status changes
        // (a broadcast to 50 targets is 50 rows per event), so there are only the ones a query needs.
        // No index on IdempotencyKey: it is a random 128-bit value that nothing looks up; a unique
        // index on it cost one B-tree insert at a random page per row.
        // The worker's claim: due pending rows in (due, id) order. Partial, so it holds only the
        // backlog; a row leaves it when claimed and delivered rows never touch it again.
        builder.HasIndex(d => new { d.NextAttemptAt, d.Id }).HasDatabaseName("IX_Deliveries_Pending_Due")
            .HasFilter("\"Status\" = 'Pending'");
        // Deliveries page: newest first per status (keyset on id).
        builder.HasIndex(d => new { d.Status, d.Id });
        builder.HasIndex(d => d.EventId);
        // Most deliveries come straight from an event: index only the ones from deferred rows and links.
        builder.HasIndex(d => d.DeferredDispatchId).HasFilter("\"DeferredDispatchId\" IS NOT NULL");
        builder.HasIndex(d => new { d.TargetId, d.Id });
        builder.HasIndex(d => d.LinkId).HasFilter("\"LinkId\" IS NOT NULL");
        // No index on CreatedAt: retention walks the primary key (ids grow with time).
        // Deliveries go with their event (retention deletes events in batches).
        builder.HasOne<EventLogEntry>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DeferredDispatch>().WithMany().HasForeignKey(d => d.DeferredDispatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NotificationTarget>().WithMany().HasForeignKey(d => d.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NotificationLink>().WithMany().HasForeignKey(d => d.LinkId).OnDelete(DeleteBehavior.SetNull);
    }
}
