using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using NotifyBridge.Domain.Deliveries;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>Single-process <see cref="IDeliveryStream"/>; subscribers are open browser views and remove themselves on dispose.</summary>
public sealed partial class InProcessDeliveryStream(ILogger<InProcessDeliveryStream> logger) : IDeliveryStream
{
    private ImmutableList<Subscription> _subscriptions = [];

    public void Publish(IReadOnlyList<DeliveryNotice> notices)
    {
        if (notices.Count == 0) return;
        foreach (var subscription in _subscriptions)
        {
            try
            {
                subscription.OnNotices(notices);
            }
#pragma warning disable CA1031 // one broken subscriber must not stop the worker or the others
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSubscriberFailed(logger, ex);
            }
        }
    }

    public IDisposable Subscribe(Action<IReadOnlyList<DeliveryNotice>> onNotices)
    {
        var subscription = new Subscription(this, onNotices);
        ImmutableInterlocked.Update(ref _subscriptions, list => list.Add(subscription));
        return subscription;
    }

    private void Remove(Subscription subscription) => ImmutableInterlocked.Update(ref _subscriptions, list => list.Remove(subscription));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A delivery stream subscriber failed.")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);

    private sealed class Subscription(InProcessDeliveryStream stream, Action<IReadOnlyList<DeliveryNotice>> onNotices) : IDisposable
    {
        public Action<IReadOnlyList<DeliveryNotice>> OnNotices { get; } = onNotices;

        public void Dispose() => stream.Remove(this);
    }
}
