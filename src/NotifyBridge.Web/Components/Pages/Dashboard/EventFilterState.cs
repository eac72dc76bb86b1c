using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Web.Components.Shared;

namespace NotifyBridge.Web.Components.Pages.Dashboard;

public enum EventTimeRange
{
    All = 0,
    LastHour,
    Last24Hours,
    Last7Days,
    Last30Days,
    Custom,
}

/// <summary>
/// What the dashboard's filter bar shows. Relative ranges ("last hour") are turned into UTC
/// bounds at query time, so a live reload an hour later still means "the last hour".
/// Custom dates are whole days in the app time zone.
/// </summary>
public sealed record EventFilterState(
    string? EventType = null,
    long? ProviderId = null,
    EventTimeRange Range = EventTimeRange.All,
    DateTime? CustomFrom = null,
    DateTime? CustomTo = null,
    bool OldestFirst = false,
    string? Search = null)
{
    public static readonly EventFilterState Default = new();

    /// <summary>No filter narrows the list: an empty list then means there are no events at all.</summary>
    public bool NarrowsNothing => EventType is null && ProviderId is null && Range == EventTimeRange.All && string.IsNullOrWhiteSpace(Search);

    public EventFilter ToFilter(DateTime nowUtc, TimeZoneInfo zone)
    {
        var (from, to) = Range switch
        {
            EventTimeRange.LastHour => (nowUtc.AddHours(-1), (DateTime?)null),
            EventTimeRange.Last24Hours => (nowUtc.AddHours(-24), null),
            EventTimeRange.Last7Days => (nowUtc.AddDays(-7), null),
            EventTimeRange.Last30Days => (nowUtc.AddDays(-30), null),
            EventTimeRange.Custom => (
                CustomFrom is { } f ? AppTime.LocalDateToUtc(f, zone) : (DateTime?)null,
                CustomTo is { } t ? AppTime.LocalDateToUtc(t.Date.AddDays(1), zone) : null),
            _ => ((DateTime?)null, (DateTime?)null),
        };
        return new EventFilter(
            EventType: EventType,
            ProviderId: ProviderId,
            From: from,
            To: to,
            Search: string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
            OldestFirst: OldestFirst);
    }
}

/// <summary>The event types the filter offers: the canonical list the parsers produce.</summary>
public static class KnownEventTypes
{
    public static readonly IReadOnlyList<string> All = NotifyBridge.Domain.Events.EventTypes.Known;
}
