using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>
/// Turns an event (or a held batch) into a <see cref="NotificationMessage"/> with the Liquid
/// template for its event type and locale. Output is cached per (subject, template version,
/// locale, display options), so a broadcast to 50 targets renders once.
/// </summary>
public interface IMessageRenderer
{
    ValueTask<NotificationMessage> RenderAsync(RenderSubject subject, LinkDisplayOptions options, string locale, CancellationToken cancellationToken);
}

/// <summary>What a message is about.</summary>
public abstract record RenderSubject
{
    private RenderSubject() { }

    /// <summary>One event.</summary>
    public sealed record SingleEvent(EventLogEntry Event) : RenderSubject;

    /// <summary>
    /// A deferred, burst or digest row with (a sample of) the events it holds, oldest first;
    /// <see cref="DeferredDispatch.EventCount"/> says how many there were in all.
    /// </summary>
    public sealed record Batch(DeferredDispatch Row, IReadOnlyList<EventLogEntry> Events) : RenderSubject;

    /// <summary>The sample message "Send test" sends.</summary>
    public sealed record Test(string TargetName) : RenderSubject;
}
