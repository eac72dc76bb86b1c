namespace NotifyBridge.Domain.Deliveries;

/// <summary>A delivery changed state; live views (event dialog, Deliveries page) refresh what shows it.</summary>
public sealed record DeliveryNotice(long DeliveryId, long TargetId, IReadOnlyList<long> EventIds, DeliveryStatus Status);

/// <summary>
/// In-process announcements of delivery state changes, after they are committed. Like
/// IEventStream, one interface so a multi-instance backend can replace it.
/// </summary>
public interface IDeliveryStream
{
    void Publish(IReadOnlyList<DeliveryNotice> notices);

    /// <summary>Runs on the publisher's thread: keep it short (Blazor hands it to InvokeAsync).</summary>
    IDisposable Subscribe(Action<IReadOnlyList<DeliveryNotice>> onNotices);
}
