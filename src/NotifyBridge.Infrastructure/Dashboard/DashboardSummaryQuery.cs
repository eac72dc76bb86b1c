using Microsoft.EntityFrameworkCore;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Persistence.CompiledQueries;

namespace NotifyBridge.Infrastructure.Dashboard;

public sealed record DashboardSummary(int Providers, long Events, int ActiveApiTokens);

/// <summary>
/// The dashboard's headline numbers. Event totals come from the per-provider counters
/// (a handful of rows), never from counting the event log.
/// </summary>
public sealed class DashboardSummaryQuery(IDbContextFactory<NotifyBridgeDbContext> contextFactory, TimeProvider timeProvider)
{
    private static readonly PerModel<Func<NotifyBridgeDbContext, string, Task<int>>> CountProviders = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner) => db.Providers.Count(p => p.OwnerId == owner)));

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, Task<long>>> SumEvents = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner) =>
            db.ProviderEventCounters.Where(c => c.OwnerId == owner).Sum(c => c.EventCount)));

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, DateTime, Task<int>>> CountActiveTokens = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner, DateTime now) =>
            db.ApiTokens.Count(t => t.OwnerId == owner && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))));

    public async Task<DashboardSummary> GetAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return new DashboardSummary(
            await CountProviders.For(db)(db, ownerId).ConfigureAwait(false),
            await SumEvents.For(db)(db, ownerId).ConfigureAwait(false),
            await CountActiveTokens.For(db)(db, ownerId, timeProvider.GetUtcNow().UtcDateTime).ConfigureAwait(false));
    }
}
