using NotifyBridge.Domain.Dispatch.QuietHours;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Infrastructure.Links;

namespace NotifyBridge.Web.Components.Pages.Links;

/// <summary>The link dialog's fields. Quiet hours are edited behind a switch; turning it off clears them on save.</summary>
public sealed class LinkForm
{
    public string? Name { get; set; }
    public long? ProviderId { get; set; }
    public long? TargetId { get; set; }
    public IReadOnlyCollection<string> EventTypes { get; set; } = [];

    /// <summary>Types NotifyBridge does not know (Home Assistant, generic senders), comma separated.</summary>
    public string? OtherEventTypes { get; set; }
    public EventSeverity? MinSeverity { get; set; }
    public string? Locale { get; set; }
    public bool Enabled { get; set; } = true;

    public int MaxAssets { get; set; } = LinkDisplayOptions.Default.MaxAssets;
    public bool IncludeFileNames { get; set; } = true;
    public bool IncludePeople { get; set; } = true;
    public bool IncludeLocation { get; set; } = true;
    public bool IncludeLinks { get; set; } = true;
    public bool IncludeThumbnails { get; set; } = true;
    public bool IncludeDetails { get; set; } = true;

    public bool QuietHours { get; set; }
    public TimeSpan? QuietStart { get; set; } = new(22, 0, 0);
    public TimeSpan? QuietEnd { get; set; } = new(7, 0, 0);
    public IReadOnlyCollection<DayOfWeek> QuietDays { get; set; } = Enum.GetValues<DayOfWeek>();
    public NonDeferrableBehaviour NonDeferrable { get; set; } = NonDeferrableBehaviour.Drop;
    public EventSeverity? BypassSeverity { get; set; }
    public bool SummaryMode { get; set; }

    public int BurstWindowSeconds { get; set; }

    public static LinkForm FromView(LinkView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var known = view.EventTypes.Where(t => Domain.Events.EventTypes.Known.Contains(t)).ToList();
        var d = view.Display;
        return new LinkForm
        {
            Name = view.Name, ProviderId = view.ProviderId, TargetId = view.TargetId, EventTypes = known,
            OtherEventTypes = string.Join(", ", view.EventTypes.Except(known)), MinSeverity = view.MinSeverity, Locale = view.Locale, Enabled = view.Enabled,
            MaxAssets = d.MaxAssets, IncludeFileNames = d.IncludeFileNames, IncludePeople = d.IncludePeople, IncludeLocation = d.IncludeLocation,
            IncludeLinks = d.IncludeLinks, IncludeThumbnails = d.IncludeThumbnails, IncludeDetails = d.IncludeDetails,
            QuietHours = view.HasQuietHours || view.QuietStart is not null || view.QuietEnd is not null,
            QuietStart = view.QuietStart?.ToTimeSpan() ?? new TimeSpan(22, 0, 0),
            QuietEnd = view.QuietEnd?.ToTimeSpan() ?? new TimeSpan(7, 0, 0),
            QuietDays = [.. Enum.GetValues<DayOfWeek>().Where(day => (view.QuietDaysMask & (1 << (int)day)) != 0)],
            NonDeferrable = view.NonDeferrable, BypassSeverity = view.BypassSeverity, SummaryMode = view.SummaryMode,
            BurstWindowSeconds = view.BurstWindowSeconds,
        };
    }

    public LinkInput ToInput()
    {
        var types = EventTypes.Concat((OtherEventTypes ?? "").Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        var display = new LinkDisplayOptions(MaxAssets, IncludeFileNames, IncludePeople, IncludeLocation, IncludeLinks, IncludeThumbnails, IncludeDetails);
        return new LinkInput(ProviderId, TargetId ?? 0, types, MinSeverity, display, string.IsNullOrEmpty(Locale) ? null : Locale,
            QuietHours && QuietStart is { } start ? TimeOnly.FromTimeSpan(start) : null,
            QuietHours && QuietEnd is { } end ? TimeOnly.FromTimeSpan(end) : null,
            NotificationLink.DaysMask(QuietDays), NonDeferrable, BypassSeverity, SummaryMode, BurstWindowSeconds, Enabled, Name);
    }
}
