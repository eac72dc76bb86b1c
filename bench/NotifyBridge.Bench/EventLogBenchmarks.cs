using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Bench;

/// <summary>
/// The dashboard's questions over 1,000,000 events on SQLite, asked the way NotifyBridge asks
/// them (keyset paging, id ranges, FTS5, maintained counters) and the naive way the
/// predecessor asked them (OFFSET, ORDER BY timestamp, LIKE '%x%', GROUP BY). Times include
/// EF Core's own overhead (tens of microseconds), so database time is lower still.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortConfig))]
public class EventLogBenchmarks
{
    private const int PageSize = 50;
    private ServiceProvider _services = null!;
    private IDbContextFactory<NotifyBridgeDbContext> _contexts = null!;
    private EventLogQuery _query = null!;
    private string _owner = "";
    private long _providerId;
    private long _middleCursor;

    [GlobalSetup]
    public async Task Setup()
    {
        (_services, _owner) = await BenchDatabase.OpenAsync();
        _contexts = _services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>();
        _query = _services.GetRequiredService<EventLogQuery>();
        await using var db = await _contexts.CreateDbContextAsync();
        _providerId = await db.ProviderEventCounters.Where(c => c.OwnerId == _owner).Select(c => c.ProviderId).FirstAsync();
        _middleCursor = await db.Events.Where(e => e.OwnerId == _owner).OrderByDescending(e => e.Id).Skip((int)(BenchDatabase.EventCount / 2)).Select(e => e.Id).FirstAsync();
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _services.DisposeAsync();

    [Benchmark(Description = "first page: keyset")]
    public async Task<int> FirstPageKeyset() => (await _query.PageAsync(_owner, new EventFilter(), null, PageSize, default)).Items.Count;

    [Benchmark(Description = "first page: naive ORDER BY CreatedAt")]
    public async Task<int> FirstPageNaive()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        return (await db.Events.AsNoTracking().Where(e => e.OwnerId == _owner).OrderByDescending(e => e.CreatedAt).Take(PageSize).ToListAsync()).Count;
    }

    [Benchmark(Description = "filtered page (type+provider): keyset")]
    public async Task<int> FilteredKeyset() =>
        (await _query.PageAsync(_owner, new EventFilter(EventType: "release_published", ProviderId: _providerId), null, PageSize, default)).Items.Count;

    [Benchmark(Description = "filtered page (type+provider): naive ORDER BY CreatedAt")]
    public async Task<int> FilteredNaive()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        return (await db.Events.AsNoTracking().Where(e => e.OwnerId == _owner && e.EventType == "release_published" && e.ProviderId == _providerId)
            .OrderByDescending(e => e.CreatedAt).Take(PageSize).ToListAsync()).Count;
    }

    [Benchmark(Description = "last 24 h, page 1: id range")]
    public async Task<int> TimeRangeKeyset() =>
        (await _query.PageAsync(_owner, new EventFilter(From: DateTime.UtcNow.AddDays(-1)), null, PageSize, default)).Items.Count;

    [Benchmark(Description = "deep page (row 500,000): keyset cursor")]
    public async Task<int> DeepPageKeyset() => (await _query.PageAsync(_owner, new EventFilter(), _middleCursor, PageSize, default)).Items.Count;

    [Benchmark(Description = "deep page (row 500,000): naive OFFSET")]
    public async Task<int> DeepPageOffset()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        return (await db.Events.AsNoTracking().Where(e => e.OwnerId == _owner).OrderByDescending(e => e.CreatedAt)
            .Skip((int)(BenchDatabase.EventCount / 2)).Take(PageSize).ToListAsync()).Count;
    }

    [Benchmark(Description = "search 'museum 17': FTS5")]
    public async Task<int> SearchFts() => (await _query.PageAsync(_owner, new EventFilter(Search: "museum 17"), null, PageSize, default)).Items.Count;

    [Benchmark(Description = "search 'museum 17': naive LIKE")]
    public async Task<int> SearchLike()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        return (await db.Events.AsNoTracking()
            .Where(e => e.OwnerId == _owner && (EF.Functions.Like(e.Title, "%museum-17%") || EF.Functions.Like(e.Summary, "%museum-17%")
                || EF.Functions.Like(e.CollectionName!, "%museum-17%") || EF.Functions.Like(e.ProviderName, "%museum-17%")))
            .OrderByDescending(e => e.CreatedAt).Take(PageSize).ToListAsync()).Count;
    }

    [Benchmark(Description = "search rare word 'zeppelin': FTS5")]
    public async Task<int> SearchFtsRare() => (await _query.PageAsync(_owner, new EventFilter(Search: "zeppelin"), null, PageSize, default)).Items.Count;

    [Benchmark(Description = "provider counts: counters")]
    public async Task<int> CountsFromCounters() => (await _query.ProviderCountsAsync(_owner, default)).Count;

    [Benchmark(Description = "provider counts: naive GROUP BY")]
    public async Task<int> CountsGroupBy()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        return (await db.Events.Where(e => e.OwnerId == _owner).GroupBy(e => new { e.ProviderId, e.ProviderName })
            .Select(g => new { g.Key.ProviderId, g.Key.ProviderName, Total = g.Sum(e => e.AssetsCount) }).ToListAsync()).Count;
    }

    [Benchmark(Description = "hourly chart 7 d: buckets")]
    public async Task<int> HourlyBuckets() => (await _query.HourlyAsync(_owner, DateTime.UtcNow.AddDays(-7), default)).Count;
}
