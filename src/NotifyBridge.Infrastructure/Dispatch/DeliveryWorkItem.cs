using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>A claimed delivery on its way through a lane.</summary>
internal sealed class DeliveryWorkItem(Delivery delivery, string claimToken)
{
    public Delivery Delivery { get; } = delivery;
    public string ClaimToken { get; } = claimToken;
    public NotifierTarget? Target { get; set; }
    public INotifier? Notifier { get; set; }
    public DeliveryLane? Lane { get; set; }
    public NotificationMessage? Message { get; set; }

    /// <summary>Event ids whose dispatch status may change when this delivery finishes.</summary>
    public IReadOnlyList<long> EventIds { get; set; } = [];
}

/// <summary>How an attempt ended, to be written back.</summary>
internal sealed record DeliveryCompletion(
    DeliveryWorkItem Item,
    SendResult? Result,
    DeliveryStatus? FinalStatus = null,
    string? Error = null);
