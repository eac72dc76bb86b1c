namespace NotifyBridge.Domain.Dispatch.Coalescing;

/// <summary>
/// The data a template needs to say "Anna added 37 photos to Trip" for a burst. Kept as data,
/// not text, so each locale's template words it; the Domain never builds user-facing sentences.
/// </summary>
/// <param name="Actor">The one actor behind every event; null when unknown or when several people acted (see <see cref="SeveralActors"/>).</param>
/// <param name="SeveralActors">True once two different actors contributed; templates then say "3 people added …".</param>
public sealed record BurstSummary(
    string EventType,
    int EventCount,
    long AssetCount,
    string? Actor,
    bool SeveralActors,
    string? CollectionId,
    string? CollectionName,
    DateTime FirstEventUtc,
    DateTime LastEventUtc)
{
    /// <summary>The summary of a burst's first event.</summary>
    public static BurstSummary Start(string eventType, long assetCount, string? actor, string? collectionId, string? collectionName, DateTime eventUtc) =>
        new(eventType, 1, assetCount, actor, false, collectionId, collectionName, eventUtc, eventUtc);

    /// <summary>
    /// Adds one event. The collection name follows the latest event (an album renamed mid-burst
    /// shows its new name); the actor stays single only while every event names the same one
    /// (ordinal comparison — actor names come from the provider verbatim).
    /// </summary>
    public BurstSummary Add(long assetCount, string? actor, string? collectionName, DateTime eventUtc)
    {
        var several = SeveralActors || (actor is not null && Actor is not null && !string.Equals(actor, Actor, StringComparison.Ordinal));
        return this with
        {
            EventCount = EventCount + 1,
            AssetCount = AssetCount + Math.Max(0, assetCount),
            Actor = several ? null : Actor ?? actor,
            SeveralActors = several,
            CollectionName = collectionName ?? CollectionName,
            FirstEventUtc = eventUtc < FirstEventUtc ? eventUtc : FirstEventUtc,
            LastEventUtc = eventUtc > LastEventUtc ? eventUtc : LastEventUtc,
        };
    }
}
