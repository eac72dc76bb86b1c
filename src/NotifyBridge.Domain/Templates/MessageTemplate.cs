namespace NotifyBridge.Domain.Templates;

/// <summary>
/// An admin's Liquid template for one event type and locale, replacing the built-in default.
/// <see cref="Version"/> grows on every save; rendered output is cached per (subject, template
/// version, locale), so a save invalidates exactly what it changes.
/// </summary>
public sealed class MessageTemplate
{
    public const int MaxBodyLength = 20_000;

    public long Id { get; set; }
    public required string EventType { get; set; }
    public required string Locale { get; set; }
    public required string Body { get; set; }
    public int Version { get; set; } = 1;
    public DateTime UpdatedAt { get; set; }
}
