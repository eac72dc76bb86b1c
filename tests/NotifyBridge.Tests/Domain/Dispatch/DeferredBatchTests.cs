using NotifyBridge.Domain.Dispatch.Deferral;

namespace NotifyBridge.Tests.Domain.Dispatch;

public sealed class DeferredBatchTests
{
    private static readonly DeferredBatchKey Key = new(7, "album-trip", "immich.assets_added");
    private static readonly DateTime T0 = new(2026, 1, 15, 22, 0, 0, DateTimeKind.Utc);

    private static string[] Ids(int from, int count) => Enumerable.Range(from, count).Select(i => $"a{i}").ToArray();

    [Fact]
    public void Start_FiftyThousandAssetImport_Stores500_Reports49500More()
    {
        var batch = DeferredBatch.Start(Key, Ids(0, 50_000), T0);
        Assert.Equal(500, batch.AssetIds.Count);
        Assert.Equal(Ids(0, 500), batch.AssetIds);
        Assert.Equal(49_500, batch.MoreAssetCount);
        Assert.Equal(50_000, batch.TotalAssetCount);
        Assert.Equal(1, batch.EventCount);
        Assert.Equal(Key, batch.Key);
    }

    [Fact]
    public void Merge_UnionsInFirstSeenOrder_WithoutDuplicates()
    {
        var batch = DeferredBatch.Start(Key, ["a", "b", "c"], T0)
            .Merge(["c", "d", "a", "e"], T0.AddMinutes(5));
        Assert.Equal(["a", "b", "c", "d", "e"], batch.AssetIds);
        Assert.Equal(0, batch.MoreAssetCount);
        Assert.Equal(2, batch.EventCount);
    }

    [Fact]
    public void Merge_DuplicatesWithinOneArrival_CountOnce_EvenBeyondCap()
    {
        var batch = DeferredBatch.Start(Key, ["a", "b", "c", "c", "d", "d", "d"], T0, maxStoredAssets: 2);
        Assert.Equal(["a", "b"], batch.AssetIds);
        Assert.Equal(2, batch.MoreAssetCount); // c and d, once each
    }

    [Fact]
    public void Merge_StoredIdsArrivingAgain_DoNotCountTwice()
    {
        var batch = DeferredBatch.Start(Key, Ids(0, 600), T0)
            .Merge(Ids(0, 500), T0.AddMinutes(1));
        Assert.Equal(500, batch.AssetIds.Count);
        Assert.Equal(100, batch.MoreAssetCount);
        Assert.Equal(2, batch.EventCount);
    }

    [Fact]
    public void Merge_OverflowIdArrivingInLaterMerge_IsCountedAgain_AsDocumented()
    {
        // Ids beyond the cap are not stored, so a later arrival cannot be recognised:
        // "more" counts them once per arrival and is an upper bound across merges.
        var batch = DeferredBatch.Start(Key, ["a", "b", "x"], T0, maxStoredAssets: 2)
            .Merge(["x", "a"], T0.AddMinutes(1), maxStoredAssets: 2);
        Assert.Equal(["a", "b"], batch.AssetIds);
        Assert.Equal(2, batch.MoreAssetCount);
    }

    [Fact]
    public void Merge_ManyEvents_CountsEventsAndTracksFirstAndLastTime()
    {
        var batch = DeferredBatch.Start(Key, ["a"], T0.AddMinutes(10));
        batch = batch.Merge(["b"], T0.AddMinutes(30));
        batch = batch.Merge([], T0); // out of order arrival
        Assert.Equal(3, batch.EventCount);
        Assert.Equal(T0, batch.FirstEventUtc);
        Assert.Equal(T0.AddMinutes(30), batch.LastEventUtc);
    }

    [Fact]
    public void Merge_LeavesOriginalUnchanged()
    {
        var first = DeferredBatch.Start(Key, ["a"], T0);
        var second = first.Merge(["b"], T0.AddMinutes(1));
        Assert.Equal(["a"], first.AssetIds);
        Assert.Equal(1, first.EventCount);
        Assert.Equal(["a", "b"], second.AssetIds);
    }

    [Fact]
    public void Merge_EmptyIds_AreIgnored()
    {
        var batch = DeferredBatch.Start(Key, ["", "a", null!], T0);
        Assert.Equal(["a"], batch.AssetIds);
        Assert.Equal(0, batch.MoreAssetCount);
    }

    [Fact]
    public void Merge_SecondLargeImport_AddsToMore()
    {
        var batch = DeferredBatch.Start(Key, Ids(0, 300), T0)
            .Merge(Ids(300, 50_000), T0.AddMinutes(1));
        Assert.Equal(Ids(0, 500), batch.AssetIds);
        Assert.Equal(49_800, batch.MoreAssetCount);
        Assert.Equal(50_300, batch.TotalAssetCount);
    }

    [Fact]
    public void Start_NegativeCap_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DeferredBatch.Start(Key, ["a"], T0, maxStoredAssets: -1));
    }
}
