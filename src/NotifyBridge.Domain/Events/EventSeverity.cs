namespace NotifyBridge.Domain.Events;

/// <summary>How urgent an event is; links may let events at or above a level through quiet hours.</summary>
public enum EventSeverity
{
    Low = 0,
    Normal = 1,
    High = 2,
    Critical = 3,
}
