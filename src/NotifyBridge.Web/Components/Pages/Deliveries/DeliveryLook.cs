using MudBlazor;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Dispatch.Deferral;

namespace NotifyBridge.Web.Components.Pages.Deliveries;

/// <summary>How delivery states look: one colour and icon per status.</summary>
internal static class DeliveryLook
{
    public static readonly DeliveryStatus[] Statuses = [DeliveryStatus.Pending, DeliveryStatus.Sending, DeliveryStatus.Delivered, DeliveryStatus.Dead, DeliveryStatus.Cancelled];

    public static Color StatusColor(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => Color.Success,
        DeliveryStatus.Dead => Color.Error,
        DeliveryStatus.Sending => Color.Info,
        DeliveryStatus.Pending => Color.Warning,
        _ => Color.Default,
    };

    public static string StatusIcon(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => Icons.Material.Filled.CheckCircle,
        DeliveryStatus.Dead => Icons.Material.Filled.Error,
        DeliveryStatus.Sending => Icons.Material.Filled.Send,
        DeliveryStatus.Pending => Icons.Material.Filled.Schedule,
        _ => Icons.Material.Filled.Block,
    };

    public static string StatusName(DeliveryStatus status) => status.ToString().ToLowerInvariant();

    public static string HeldReason(DeferredDispatchKind kind) => kind switch
    {
        DeferredDispatchKind.QuietHours => "quiet hours",
        DeferredDispatchKind.Burst => "merging a burst",
        _ => "quiet-hours summary",
    };

    /// <summary>The error as stored, prefixed with the HTTP status when the text does not say it.</summary>
    public static string? Error(string? error, int? status) =>
        error is null ? null : status is { } s && !error.Contains(s.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) ? $"HTTP {s}: {error}" : error;
}
