using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Identity;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class NotificationTargetConfiguration : IEntityTypeConfiguration<NotificationTarget>
{
    public void Configure(EntityTypeBuilder<NotificationTarget> builder)
    {
        builder.ToTable("Targets");
        builder.Property(t => t.Name).HasMaxLength(NotificationTarget.MaxNameLength);
        builder.Property(t => t.Type).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(t => new { t.OwnerId, t.Name }).IsUnique();
        builder.HasIndex(t => t.TelegramBotId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.OwnerId).OnDelete(DeleteBehavior.Cascade);
        // A bot in use cannot be deleted from under its targets.
        builder.HasOne<TelegramBot>().WithMany().HasForeignKey(t => t.TelegramBotId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TelegramBotConfiguration : IEntityTypeConfiguration<TelegramBot>
{
    public void Configure(EntityTypeBuilder<TelegramBot> builder)
    {
        builder.ToTable("TelegramBots");
        builder.Property(b => b.Name).HasMaxLength(100);
        builder.Property(b => b.Username).HasMaxLength(100);
        builder.Property(b => b.ApiBaseUrl).HasMaxLength(2000);
        builder.HasIndex(b => new { b.OwnerId, b.TelegramUserId }).IsUnique();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(b => b.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BroadcastMemberConfiguration : IEntityTypeConfiguration<BroadcastMember>
{
    public void Configure(EntityTypeBuilder<BroadcastMember> builder)
    {
        builder.ToTable("BroadcastMembers");
        builder.HasKey(m => new { m.BroadcastTargetId, m.MemberTargetId });
        builder.HasIndex(m => m.MemberTargetId);
        builder.HasOne<NotificationTarget>().WithMany().HasForeignKey(m => m.BroadcastTargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NotificationTarget>().WithMany().HasForeignKey(m => m.MemberTargetId).OnDelete(DeleteBehavior.Cascade);
    }
}
