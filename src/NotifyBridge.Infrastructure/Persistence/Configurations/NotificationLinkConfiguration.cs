using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Identity;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class NotificationLinkConfiguration : IEntityTypeConfiguration<NotificationLink>
{
    public void Configure(EntityTypeBuilder<NotificationLink> builder)
    {
        builder.ToTable("Links");
        builder.Property(l => l.Name).HasMaxLength(NotificationLink.MaxNameLength);
        builder.Property(l => l.EventTypesJson).HasMaxLength(4000);
        builder.Property(l => l.DisplayOptionsJson).HasMaxLength(2000);
        builder.Property(l => l.Locale).HasMaxLength(10);
        builder.Property(l => l.MinSeverity).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.BypassSeverity).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.NonDeferrable).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(l => l.ProviderId);
        builder.HasIndex(l => l.TargetId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(l => l.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ServiceProvider>().WithMany().HasForeignKey(l => l.ProviderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NotificationTarget>().WithMany().HasForeignKey(l => l.TargetId).OnDelete(DeleteBehavior.Cascade);
    }
}
