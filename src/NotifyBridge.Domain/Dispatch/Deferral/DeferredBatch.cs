namespace NotifyBridge.Domain.Dispatch.Deferral;

/// <summary>
/// The payload of one pending deferred row: the events that arrived during quiet hours for one
/// <see cref="DeferredBatchKey"/>, merged. Immutable; <see cref="Merge"/> returns the next value.
/// </summary>
/// <remarks>
/// Asset ids are unioned and de-duplicated, first seen first, and at most a cap (default 500)
/// are stored so a 50,000-photo import does not turn one row into megabytes.
/// <para>
/// Counting rule for <see cref="MoreAssetCount"/> (the "+N more" a template shows): it counts
/// asset ids that arrived but were not stored. An id is never counted when it is already stored,
/// and ids repeated within one arrival are counted once. An id beyond the cap that arrives again
/// in a LATER merge is counted again — knowing it was seen would mean storing it, which the cap
/// exists to avoid. So <see cref="MoreAssetCount"/> is exact for a single import (the common case)
/// and an upper bound across merges; templates may say "+49,500 more" without hedging in the
/// first case.
/// </para>
/// </remarks>
public sealed record DeferredBatch
{
    public const int DefaultMaxStoredAssets = 500;

    private DeferredBatch(DeferredBatchKey key, IReadOnlyList<string> assetIds, long moreAssetCount, int eventCount, DateTime firstEventUtc, DateTime lastEventUtc)
    {
        Key = key;
        AssetIds = assetIds;
        MoreAssetCount = moreAssetCount;
        EventCount = eventCount;
        FirstEventUtc = firstEventUtc;
        LastEventUtc = lastEventUtc;
    }

    public DeferredBatchKey Key { get; }

    /// <summary>Stored asset ids, de-duplicated, in first-seen order, at most the cap.</summary>
    public IReadOnlyList<string> AssetIds { get; }

    /// <summary>Ids that arrived but were not stored (see the counting rule in the remarks).</summary>
    public long MoreAssetCount { get; }

    /// <summary>How many events were merged into this batch.</summary>
    public int EventCount { get; }

    public DateTime FirstEventUtc { get; }

    public DateTime LastEventUtc { get; }

    /// <summary>Stored plus not stored: what "N photos" in a summary should say.</summary>
    public long TotalAssetCount => AssetIds.Count + MoreAssetCount;

    /// <summary>A batch as stored (the deferred row's columns), ready for the next <see cref="Merge"/>.</summary>
    public static DeferredBatch Restore(DeferredBatchKey key, IReadOnlyList<string> assetIds, long moreAssetCount, int eventCount, DateTime firstEventUtc, DateTime lastEventUtc)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(assetIds);
        return new DeferredBatch(key, assetIds, moreAssetCount, eventCount, firstEventUtc, lastEventUtc);
    }

    /// <summary>The batch for the first deferred event of a key.</summary>
    public static DeferredBatch Start(DeferredBatchKey key, IEnumerable<string> assetIds, DateTime eventUtc, int maxStoredAssets = DefaultMaxStoredAssets)
    {
        ArgumentNullException.ThrowIfNull(key);
        var empty = new DeferredBatch(key, [], 0, 0, eventUtc, eventUtc);
        return empty.Merge(assetIds, eventUtc, maxStoredAssets);
    }

    /// <summary>Merges one more event's assets into the batch (see the remarks for the counting rule).</summary>
    public DeferredBatch Merge(IEnumerable<string> assetIds, DateTime eventUtc, int maxStoredAssets = DefaultMaxStoredAssets)
    {
        ArgumentNullException.ThrowIfNull(assetIds);
        ArgumentOutOfRangeException.ThrowIfNegative(maxStoredAssets);

        var stored = new List<string>(AssetIds);
        var seen = new HashSet<string>(AssetIds, StringComparer.Ordinal);
        long more = MoreAssetCount;
        foreach (var id in assetIds)
        {
            if (string.IsNullOrEmpty(id) || !seen.Add(id)) continue;
            if (stored.Count < maxStoredAssets) stored.Add(id);
            else more++;
        }

        return new DeferredBatch(
            Key,
            stored.AsReadOnly(),
            more,
            EventCount + 1,
            eventUtc < FirstEventUtc ? eventUtc : FirstEventUtc,
            eventUtc > LastEventUtc ? eventUtc : LastEventUtc);
    }
}
