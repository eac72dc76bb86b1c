using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using NotifyBridge.Domain.Events;

namespace NotifyBridge.Infrastructure.Events;

/// <summary>
/// Single-process <see cref="IEventStream"/>. Subscribers are live dashboard circuits, so
/// the list is bounded by open browser tabs and each one removes itself on dispose.
/// </summary>
public sealed partial class InProcessEventStream(ILogger<InProcessEventStream> logger) : IEventStream
{
    private ImmutableList<Subscription> _subscriptions = [];

    public void Publish(IReadOnlyList<EventNotice> notices)
    {
        if (notices.Count == 0) return;
        foreach (var subscription in _subscriptions)
        {
            var mine = notices.Where(n => n.OwnerId == subscription.OwnerId).ToList();
            if (mine.Count == 0) continue;
            try
            {
                subscription.OnEvents(mine);
            }
#pragma warning disable CA1031 // one broken subscriber must not stop the writer or the others
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSubscriberFailed(logger, ex);
            }
        }
    }

    public IDisposable Subscribe(string ownerId, Action<IReadOnlyList<EventNotice>> onEvents)
    {
        var subscription = new Subscription(this, ownerId, onEvents);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return subscription;
    }

    public int SubscriberCount => _subscriptions.Count;

    private void Remove(Subscription subscription) =>
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Remove(subscription));

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event stream subscriber failed.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);

    private sealed class Subscription(InProcessEventStream stream, string ownerId, Action<IReadOnlyList<EventNotice>> onEvents) : IDisposable
    {
        public string OwnerId { get; } = ownerId;
        public Action<IReadOnlyList<EventNotice>> OnEvents { get; } = onEvents;

        public void Dispose() => stream.Remove(this);
    }
}
