using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Identity;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class EventHourlyCountConfiguration : IEntityTypeConfiguration<EventHourlyCount>
{
    public void Configure(EntityTypeBuilder<EventHourlyCount> builder)
    {
        builder.ToTable("EventHourlyCounts");
        builder.HasKey(c => new { c.ProviderId, c.HourStart });
        // Charts read one owner's buckets for the last 24 h / 7 d.
        builder.HasIndex(c => new { c.OwnerId, c.HourStart });
        builder.HasOne<ServiceProvider>().WithMany().HasForeignKey(c => c.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
