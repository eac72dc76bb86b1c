using System.Globalization;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Links;

namespace NotifyBridge.Web.Components.Pages.Links;

/// <summary>Short texts for the links table.</summary>
internal static class LinkLook
{
    public static string Events(LinkView link) =>
        (link.EventTypes.Count == 0 ? "All events" : string.Join(", ", link.EventTypes.Select(EventTypes.DisplayName)))
        + (link.MinSeverity is { } min and > EventSeverity.Low ? $" · {min} and above" : "");

    /// <summary>"22:00–07:00 Mon, Tue · held" or "" without quiet hours.</summary>
    public static string Quiet(LinkView link)
    {
        if (link is not { QuietStart: { } start, QuietEnd: { } end }) return "";
        var days = link.QuietDaysMask == LinkService.EveryDay ? "daily"
            : string.Join(" ", Enum.GetValues<DayOfWeek>().Where(d => (link.QuietDaysMask & (1 << (int)d)) != 0).Select(d => d.ToString()[..3]));
        var text = $"Quiet {start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{end.ToString("HH:mm", CultureInfo.InvariantCulture)} {days}";
        if (link.SummaryMode) text += " · summary";
        if (link.BypassSeverity is { } bypass) text += $" · {bypass} bypasses";
        return text;
    }

    public static string Burst(LinkView link) => link.BurstWindowSeconds > 0 ? $"Bursts of {link.BurstWindowSeconds} s merged" : "";
}
