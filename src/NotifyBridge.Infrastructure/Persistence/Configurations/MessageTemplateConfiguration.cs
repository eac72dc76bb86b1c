using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Templates;

namespace NotifyBridge.Infrastructure.Persistence.Configurations;

internal sealed class MessageTemplateConfiguration : IEntityTypeConfiguration<MessageTemplate>
{
    public void Configure(EntityTypeBuilder<MessageTemplate> builder)
    {
        builder.ToTable("MessageTemplates");
        builder.Property(t => t.EventType).HasMaxLength(64);
        builder.Property(t => t.Locale).HasMaxLength(10);
        builder.Property(t => t.Body).HasMaxLength(MessageTemplate.MaxBodyLength);
        builder.HasIndex(t => new { t.EventType, t.Locale }).IsUnique();
    }
}
