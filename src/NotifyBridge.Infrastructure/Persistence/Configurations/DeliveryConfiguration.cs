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
        builder.HasIndex(d => d.IdempotencyKey).IsUnique();
        // The worker's claim: due pending rows in id order.
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt, d.Id });
        // Deliveries page: newest first per status (keyset on id).
        builder.HasIndex(d => new { d.Status, d.Id });
        builder.HasIndex(d => d.EventId);
        builder.HasIndex(d => d.DeferredDispatchId);
        builder.HasIndex(d => new { d.TargetId, d.Id });
        builder.HasIndex(d => d.LinkId);
        builder.HasIndex(d => d.CreatedAt);
        // Deliveries go with their event (retention deletes events in batches).
        builder.HasOne<EventLogEntry>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DeferredDispatch>().WithMany().HasForeignKey(d => d.DeferredDispatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NotificationTarget>().WithMany().HasForeignKey(d => d.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NotificationLink>().WithMany().HasForeignKey(d => d.LinkId).OnDelete(DeleteBehavior.SetNull);
    }
}
