using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Retention;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class RetentionRunConfiguration : IEntityTypeConfiguration<RetentionRun>
{
    public void Configure(EntityTypeBuilder<RetentionRun> builder)
    {
        builder.ToTable("RetentionRuns");
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Ignore(r => r.Duration);
        builder.HasIndex(r => r.StartedAt);
    }
}
