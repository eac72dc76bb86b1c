using Microsoft.EntityFrameworkCore;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Dashboard;

public sealed record DashboardSummary(int Providers, long Events, int ActiveApiTokens);

/// <summary>
/// The dashboard's headline numbers. Event totals come from the per-provider counters
/// (a handful of rows), never from counting the event log.
/// </summary>
public sealed class DashboardSummaryQuery(IDbContextFactory<NotifyBridgeDbContext> contextFactory)
{
    private static readonly Func<NotifyBridgeDbContext, string, Task<int>> CountProviders =
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner) => db.Providers.Count(p => p.OwnerId == owner));

    // The "no rows" default is applied outside: a compiled async query cannot post-process
    // its scalar result (`Sum(...) ?? 0` fails with "Argument types do not match").
    private static readonly Func<NotifyBridgeDbContext, string, Task<long?>> SumEvents =
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner) =>
            db.ProviderEventCounters.Where(c => c.OwnerId == owner).Sum(c => (long?)c.EventCount));

    private static readonly Func<NotifyBridgeDbContext, string, Task<int>> CountTokens =
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner) => db.ApiTokens.Count(t => t.OwnerId == owner && t.RevokedAt == null));

    public async Task<DashboardSummary> GetAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return new DashboardSummary(
            await CountProviders(db, ownerId).ConfigureAwait(false),
            await SumEvents(db, ownerId).ConfigureAwait(false) ?? 0L,
            await CountTokens(db, ownerId).ConfigureAwait(false));
    }
}
