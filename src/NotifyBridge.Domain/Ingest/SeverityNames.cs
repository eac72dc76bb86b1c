using NotifyBridge.Domain.Events;

namespace NotifyBridge.Domain.Ingest;

/// <summary>
/// Reads a sender's severity or priority word into an <see cref="EventSeverity"/>, case-insensitively:
/// low / info / debug → Low; normal / default / medium / notice / warning → Normal;
/// high / error / time-sensitive → High; critical / urgent / emergency / fatal / max → Critical.
/// The two scales pair up level by level (low–info, normal–warning, high–error, critical–critical).
/// </summary>
public static class SeverityNames
{
    private static readonly Dictionary<string, EventSeverity> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["low"] = EventSeverity.Low,
        ["lowest"] = EventSeverity.Low,
        ["min"] = EventSeverity.Low,
        ["info"] = EventSeverity.Low,
        ["information"] = EventSeverity.Low,
        ["informational"] = EventSeverity.Low,
        ["debug"] = EventSeverity.Low,
        ["trace"] = EventSeverity.Low,
        ["verbose"] = EventSeverity.Low,
        ["passive"] = EventSeverity.Low,
        ["normal"] = EventSeverity.Normal,
        ["default"] = EventSeverity.Normal,
        ["medium"] = EventSeverity.Normal,
        ["moderate"] = EventSeverity.Normal,
        ["notice"] = EventSeverity.Normal,
        ["warning"] = EventSeverity.Normal,
        ["warn"] = EventSeverity.Normal,
        ["active"] = EventSeverity.Normal,
        ["high"] = EventSeverity.High,
        ["error"] = EventSeverity.High,
        ["err"] = EventSeverity.High,
        ["time-sensitive"] = EventSeverity.High,
        ["critical"] = EventSeverity.Critical,
        ["crit"] = EventSeverity.Critical,
        ["urgent"] = EventSeverity.Critical,
        ["emergency"] = EventSeverity.Critical,
        ["alert"] = EventSeverity.Critical,
        ["fatal"] = EventSeverity.Critical,
        ["max"] = EventSeverity.Critical,
    };

    /// <summary>The accepted words, for help texts.</summary>
    public static IReadOnlyCollection<string> All => Names.Keys;

    public static bool TryParse(string? value, out EventSeverity severity)
    {
        if (value is not null && Names.TryGetValue(value.Trim(), out var found))
        {
            severity = found;
            return true;
        }
        severity = EventSeverity.Normal;
        return false;
    }
}
