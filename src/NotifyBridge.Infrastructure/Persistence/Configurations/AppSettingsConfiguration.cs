using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Settings;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class AppSettingsConfiguration : IEntityTypeConfiguration<AppSettings>
{
    public void Configure(EntityTypeBuilder<AppSettings> builder)
    {
        builder.ToTable("AppSettings");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.TimeZoneId).HasMaxLength(100);
        builder.Property(s => s.DefaultLocale).HasMaxLength(10);
        builder.Property(s => s.OutboundNetworkPolicy).HasConversion<string>().HasMaxLength(40);
        // The singleton row exists from the first migration on, so reads never need to create it.
        builder.HasData(new AppSettings { Id = AppSettings.SingletonId, UpdatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
    }
}
