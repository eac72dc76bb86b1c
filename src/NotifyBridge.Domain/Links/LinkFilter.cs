using System.Text.Json;
using NotifyBridge.Domain.Events;

namespace NotifyBridge.Domain.Links;

/// <summary>Whether an event passes a link's filters (type list and minimum severity).</summary>
public sealed class LinkFilter
{
    private readonly HashSet<string>? _types;
    private readonly EventSeverity? _minSeverity;

    public LinkFilter(IEnumerable<string> eventTypes, EventSeverity? minSeverity)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        var types = new HashSet<string>(eventTypes, StringComparer.Ordinal);
        _types = types.Count == 0 ? null : types;
        _minSeverity = minSeverity;
    }

    public static LinkFilter For(NotificationLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new LinkFilter(ReadTypes(link.EventTypesJson), link.MinSeverity);
    }

    public static IReadOnlyList<string> ReadTypes(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];

    public static string WriteTypes(IEnumerable<string> types) =>
        JsonSerializer.Serialize(types.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

    public bool Passes(string eventType, EventSeverity severity) =>
        (_types is null || _types.Contains(eventType)) && (_minSeverity is not { } min || severity >= min);
}
