using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Dispatch;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Dispatch;

/// <summary>
/// The outbox claim (one UPDATE … RETURNING per provider) on a real database: what it takes,
/// what it leaves, and that two claimers never get the same row.
/// </summary>
public abstract class DeliveryStoreTests
{
    /// <summary>Null for SQLite; a fresh database's connection string for PostgreSQL.</summary>
    protected abstract string? PostgresConnection { get; }

    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private async Task<(DispatchTestBed Bed, long[] Targets)> BedWithBacklogAsync(int targets, int events)
    {
        var bed = await DispatchTestBed.StartAsync(Noon, PostgresConnection);
        var ids = new long[targets];
        for (var i = 0; i < targets; i++) ids[i] = await bed.AddWebhookTargetAsync($"t{i}", $"http://127.0.0.1:9/{i}");
        await bed.AddLinkAsync(await bed.AddBroadcastAsync("all", ids));
        for (var i = 0; i < events; i++) await bed.IngestAsync(title: $"e{i}");
        return (bed, ids);
    }

    private static DeliveryStore Store(DispatchTestBed bed) => bed.Services.GetRequiredService<DeliveryStore>();

    [Fact]
    public async Task Claim_TakesDueRowsOldestFirst_StampsThem_AndRespectsTheLimit()
    {
        var (bed, _) = await BedWithBacklogAsync(targets: 3, events: 4);
        await using var _bed = bed;
        var now = bed.Clock.GetUtcNow().UtcDateTime;

        var claimed = await Store(bed).ClaimAsync("me:1", now, Lease, limit: 5, busyTargets: [], CancellationToken.None);

        var all = await bed.DeliveriesAsync();
        Assert.Equal(all.Take(5).Select(d => d.Id), claimed.Select(d => d.Id));
        Assert.All(claimed, d => Assert.Equal((DeliveryStatus.Sending, "me:1", now + Lease), (d.Status, d.LeaseOwner, d.LeaseUntil!.Value)));
        Assert.All(all.Skip(5), d => Assert.Equal((DeliveryStatus.Pending, (string?)null), (d.Status, d.LeaseOwner)));
        Assert.Equal(claimed.Select(d => d.Id), all.Where(d => d.Status == DeliveryStatus.Sending).Select(d => d.Id));
    }

    [Fact]
    public async Task Claim_SkipsBusyTargets_OpenCircuits_AndRowsNotYetDue()
    {
        var (bed, targets) = await BedWithBacklogAsync(targets: 4, events: 2);
        await using var _bed = bed;
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await bed.DbAsync())
        {
            await db.Targets.Where(t => t.Id == targets[1]).ExecuteUpdateAsync(s => s.SetProperty(t => t.CircuitOpenUntil, now.AddMinutes(1)));
            await db.Deliveries.Where(d => d.TargetId == targets[2]).ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now.AddSeconds(30)));
        }

        var claimed = await Store(bed).ClaimAsync("me:1", now, Lease, limit: 100, busyTargets: [targets[0]], CancellationToken.None);

        Assert.Equal([targets[3], targets[3]], claimed.Select(d => d.TargetId));
        // Half a minute later the postponed rows are due; an expired circuit no longer blocks.
        var later = await Store(bed).ClaimAsync("me:2", now.AddMinutes(2), Lease, limit: 100, busyTargets: [], CancellationToken.None);
        Assert.Equal([targets[0], targets[0], targets[1], targets[1], targets[2], targets[2]], later.Select(d => d.TargetId).Order());
        Assert.Empty(await Store(bed).ClaimAsync("me:3", now.AddMinutes(3), Lease, limit: 100, busyTargets: [], CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentClaims_NeverShareARow()
    {
        var (bed, _) = await BedWithBacklogAsync(targets: 10, events: 30);
        await using var _bed = bed;
        var now = bed.Clock.GetUtcNow().UtcDateTime;

        var rounds = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (true)
            {
                var rows = await Store(bed).ClaimAsync($"w{i}:x", now, Lease, limit: 7, busyTargets: [], CancellationToken.None);
                if (rows.Count == 0) return mine;
                mine.AddRange(rows.Select(r => r.Id));
            }
        })));

        var claimed = rounds.SelectMany(r => r).ToList();
        Assert.Equal(300, claimed.Count);
        Assert.Equal(300, claimed.Distinct().Count());
        var owners = (await bed.DeliveriesAsync()).ToDictionary(d => d.Id, d => d.LeaseOwner);
        for (var i = 0; i < rounds.Length; i++) Assert.All(rounds[i], id => Assert.Equal($"w{i}:x", owners[id]));
    }
}

public sealed class SqliteDeliveryStoreTests : DeliveryStoreTests
{
    protected override string? PostgresConnection => null;

    [Fact]
    public async Task ClaimPlan_WalksThePendingIndexInClaimOrder_WithoutSortingTheBacklog()
    {
        await using var bed = await DispatchTestBed.StartAsync(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        await using var db = await bed.DbAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + DeliveryStore.SqliteClaimSql;
        foreach (var (name, value) in new (string, object)[] { ("owner", "x"), ("until", DateTime.UtcNow), ("now", DateTime.UtcNow), ("busy", "[1,2]"), ("limit", 500) })
            command.Parameters.AddWithValue(name, value);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));

        Assert.Contains(plan, line => line.Contains("USING INDEX IX_Deliveries_Pending_Due", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDeliveryStoreTests(PostgresCluster cluster) : DeliveryStoreTests
{
    protected override string? PostgresConnection { get; } = cluster.ConnectionStringFor(PostgresCluster.NewDatabaseName());
}
