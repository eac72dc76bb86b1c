using NotifyBridge.Domain.Events;

namespace NotifyBridge.Domain.Dispatch;

/// <summary>
/// Which event types may wait for the end of quiet hours. Alerts (Home Assistant notifications,
/// generic webhooks, which are mostly monitoring alerts) lose their meaning when delivered hours
/// late, so they are not deferrable: a link drops or delivers them per its setting.
/// </summary>
public static class DeferrableEvents
{
    private static readonly HashSet<string> NotDeferrable = new(StringComparer.Ordinal)
    {
        EventTypes.HomeAssistantNotification,
        EventTypes.Webhook,
    };

    public static bool IsDeferrable(string eventType) => !NotDeferrable.Contains(eventType);
}
