using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class DeferredDispatchConfiguration : IEntityTypeConfiguration<DeferredDispatch>
{
    public void Configure(EntityTypeBuilder<DeferredDispatch> builder)
    {
        builder.ToTable("DeferredDispatches");
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.CollectionKey).HasMaxLength(200);
        builder.Property(d => d.CollectionName).HasMaxLength(300);
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.Actor).HasMaxLength(200);
        builder.Property(d => d.Locale).HasMaxLength(10);
        builder.Property(d => d.Error).HasMaxLength(DeferredDispatch.MaxErrorLength);
        // One pending row per (link, kind, collection, type): later events coalesce into it.
        builder.HasIndex(d => new { d.LinkId, d.Kind, d.CollectionKey, d.EventType })
            .IsUnique().HasFilter("\"Status\" = 'Pending'");
        // The drain job: due pending rows.
        builder.HasIndex(d => new { d.Status, d.DueAt });
        builder.HasIndex(d => d.FiredAt);
        builder.HasOne<NotificationLink>().WithMany().HasForeignKey(d => d.LinkId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeferredDispatchEventConfiguration : IEntityTypeConfiguration<DeferredDispatchEvent>
{
    public void Configure(EntityTypeBuilder<DeferredDispatchEvent> builder)
    {
        builder.ToTable("DeferredDispatchEvents");
        builder.HasKey(e => new { e.DeferredDispatchId, e.EventId });
        builder.HasIndex(e => e.EventId);
        builder.HasOne<DeferredDispatch>().WithMany().HasForeignKey(e => e.DeferredDispatchId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<EventLogEntry>().WithMany().HasForeignKey(e => e.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}
