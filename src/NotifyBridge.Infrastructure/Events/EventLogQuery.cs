using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Persistence.CompiledQueries;

namespace NotifyBridge.Infrastructure.Events;

/// <summary>
/// Reads the event log for one owner. Paging is keyset on the event id (ids grow with
/// arrival), never OFFSET; a time range becomes an id range first (one index seek each),
/// so every filter is an index range walk that stops after one page. Optional filters are
/// parameters of compiled queries: EF generates (and caches) the SQL per combination of
/// null parameters, so an unused filter costs nothing in the SQL.
/// </summary>
public sealed class EventLogQuery(IDbContextFactory<NotifyBridgeDbContext> contextFactory)
{
    public const int MaxPageSize = 200;

    private static readonly Expression<Func<EventLogEntry, EventRow>> ToRow = e => new EventRow(
        e.Id, e.CreatedAt, e.EventType, e.ProviderId, e.ProviderName, e.TrackerId, e.CollectionId, e.CollectionName,
        e.Title, e.Summary, e.Url, e.Actor, e.AssetsCount, e.Severity, e.DispatchStatus);

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, string?, long?, long?, long, long, int, IAsyncEnumerable<EventRow>>> NewestFirst = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner, string? type, long? provider, long? tracker, long above, long below, int take) =>
            db.Events.AsNoTracking()
                .Where(e => e.OwnerId == owner && e.Id > above && e.Id < below
                    && (type == null || e.EventType == type)
                    && (provider == null || e.ProviderId == provider)
                    && (tracker == null || e.TrackerId == tracker))
                .OrderByDescending(e => e.Id).Take(take)
                .Select(e => new EventRow(e.Id, e.CreatedAt, e.EventType, e.ProviderId, e.ProviderName, e.TrackerId, e.CollectionId,
                    e.CollectionName, e.Title, e.Summary, e.Url, e.Actor, e.AssetsCount, e.Severity, e.DispatchStatus))));

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, string?, long?, long?, long, long, int, IAsyncEnumerable<EventRow>>> OldestFirst = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner, string? type, long? provider, long? tracker, long above, long below, int take) =>
            db.Events.AsNoTracking()
                .Where(e => e.OwnerId == owner && e.Id > above && e.Id < below
                    && (type == null || e.EventType == type)
                    && (provider == null || e.ProviderId == provider)
                    && (tracker == null || e.TrackerId == tracker))
                .OrderBy(e => e.Id).Take(take)
                .Select(e => new EventRow(e.Id, e.CreatedAt, e.EventType, e.ProviderId, e.ProviderName, e.TrackerId, e.CollectionId,
                    e.CollectionName, e.Title, e.Summary, e.Url, e.Actor, e.AssetsCount, e.Severity, e.DispatchStatus))));

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, DateTime, Task<long?>>> FirstIdAtOrAfter = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner, DateTime at) =>
            db.Events.Where(e => e.OwnerId == owner && e.CreatedAt >= at).OrderBy(e => e.CreatedAt).Select(e => (long?)e.Id).FirstOrDefault()));

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, IAsyncEnumerable<ProviderCount>>> Counts = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner) =>
            from c in db.ProviderEventCounters
            join p in db.Providers on c.ProviderId equals p.Id
            where c.OwnerId == owner
            orderby c.EventCount descending
            select new ProviderCount(c.ProviderId, p.Name, c.EventCount, c.AssetCount, c.LastEventAt)));

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, DateTime, IAsyncEnumerable<HourlyBucket>>> Hourly = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner, DateTime from) =>
            db.EventHourlyCounts.Where(c => c.OwnerId == owner && c.HourStart >= from)
                .OrderBy(c => c.HourStart)
                .Select(c => new HourlyBucket(c.ProviderId, c.HourStart, c.Count))));

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, long, Task<EventLogEntry?>>> ById = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner, long id) =>
            db.Events.AsNoTracking().FirstOrDefault(e => e.Id == id && e.OwnerId == owner)));

    /// <param name="cursor">The <see cref="EventPage.NextCursor"/> of the previous page; null for the first.</param>
    public async Task<EventPage> PageAsync(string ownerId, EventFilter filter, long? cursor, int take, CancellationToken cancellationToken)
    {
        take = Math.Clamp(take, 1, MaxPageSize);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        var (above, below) = await IdRangeAsync(db, ownerId, filter).ConfigureAwait(false);
        if (cursor is { } c)
        {
            if (filter.OldestFirst) above = Math.Max(above, c);
            else below = Math.Min(below, c);
        }
        if (above >= below - 1) return new EventPage([], null);

        var words = SearchTerms.Words(filter.Search);
        List<EventRow> rows;
        if (words.Count > 0)
        {
            rows = await EventSearchSql.Query(db, ownerId, filter, words, above, below, take)
                .Select(ToRow).ToListAsync(cancellationToken).ConfigureAwait(false);
            rows = filter.OldestFirst ? [.. rows.OrderBy(r => r.Id)] : [.. rows.OrderByDescending(r => r.Id)];
        }
        else
        {
            var query = filter.OldestFirst ? OldestFirst.For(db) : NewestFirst.For(db);
            rows = [];
            await foreach (var row in query(db, ownerId, filter.EventType, filter.ProviderId, filter.TrackerId, above, below, take)
                               .WithCancellation(cancellationToken).ConfigureAwait(false))
                rows.Add(row);
        }
        return new EventPage(rows, rows.Count == take ? rows[^1].Id : null);
    }

    public async Task<EventLogEntry?> GetAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await ById.For(db)(db, ownerId, id).ConfigureAwait(false);
    }

    /// <summary>Per-provider totals from the maintained counters: a handful of rows, never a GROUP BY over the log.</summary>
    public async Task<IReadOnlyList<ProviderCount>> ProviderCountsAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<ProviderCount>();
        await foreach (var row in Counts.For(db)(db, ownerId).WithCancellation(cancellationToken).ConfigureAwait(false)) result.Add(row);
        return result;
    }

    /// <summary>Hourly buckets since <paramref name="fromUtc"/> (rounded down to the hour), for the charts.</summary>
    public async Task<IReadOnlyList<HourlyBucket>> HourlyAsync(string ownerId, DateTime fromUtc, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<HourlyBucket>();
        await foreach (var row in Hourly.For(db)(db, ownerId, EventHourlyCount.HourOf(fromUtc)).WithCancellation(cancellationToken).ConfigureAwait(false))
            result.Add(row);
        return result;
    }

    /// <summary>Exclusive id bounds for the time range: ids grow with time, so (from, to) maps to (above, below).</summary>
    private static async Task<(long Above, long Below)> IdRangeAsync(NotifyBridgeDbContext db, string ownerId, EventFilter filter)
    {
        long above = 0, below = long.MaxValue;
        if (filter.From is { } from)
        {
            var first = await FirstIdAtOrAfter.For(db)(db, ownerId, from).ConfigureAwait(false);
            if (first is null) return (0, 0);
            above = first.Value - 1;
        }
        if (filter.To is { } to)
        {
            var firstOutside = await FirstIdAtOrAfter.For(db)(db, ownerId, to).ConfigureAwait(false);
            if (firstOutside is not null) below = firstOutside.Value;
        }
        return (above, below);
    }
}
