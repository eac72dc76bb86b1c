using MudBlazor;
using NotifyBridge.Domain.Events;

namespace NotifyBridge.Web.Components.Pages.Dashboard;

/// <summary>How events look in the list and the detail dialog: one colour per family of types, an icon per severity.</summary>
internal static class EventLook
{
    public static Color TypeColor(string eventType) => eventType switch
    {
        _ when eventType.StartsWith("pull_request", StringComparison.Ordinal) => Color.Secondary,
        _ when eventType.StartsWith("issue", StringComparison.Ordinal) => Color.Info,
        _ when eventType.StartsWith("release", StringComparison.Ordinal) => Color.Success,
        "push" or "branch_created" or "branch_deleted" or "tag_created" or "tag_deleted" => Color.Primary,
        "ha_notification" => Color.Warning,
        _ => Color.Default,
    };

    public static string SeverityIcon(EventSeverity severity) => severity switch
    {
        EventSeverity.Critical => Icons.Material.Filled.Error,
        EventSeverity.High => Icons.Material.Filled.Warning,
        EventSeverity.Low => Icons.Material.Outlined.Info,
        _ => Icons.Material.Filled.Info,
    };

    public static Color SeverityColor(EventSeverity severity) => severity switch
    {
        EventSeverity.Critical => Color.Error,
        EventSeverity.High => Color.Warning,
        EventSeverity.Low => Color.Default,
        _ => Color.Info,
    };
}
