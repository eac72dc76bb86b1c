namespace NotifyBridge.Domain.Events;

/// <summary>A new event, as announced to live views (the dashboard) right after it is committed.</summary>
public sealed record EventNotice(long EventId, string OwnerId, long? ProviderId, string EventType, DateTime CreatedAt);

/// <summary>
/// The in-process stream of committed events. One interface, so a PostgreSQL
/// LISTEN/NOTIFY or Redis backed stream can replace the in-process one when several
/// instances run.
/// </summary>
public interface IEventStream
{
    void Publish(IReadOnlyList<EventNotice> notices);

    /// <summary>
    /// Calls <paramref name="onEvents"/> with each batch of the owner's new events until the
    /// subscription is disposed. The callback runs on the publisher's thread: keep it short
    /// and non-blocking (Blazor components hand it to InvokeAsync).
    /// </summary>
    IDisposable Subscribe(string ownerId, Action<IReadOnlyList<EventNotice>> onEvents);
}
