using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Dispatch;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Dispatch;

/// <summary>
/// The outbox claim on a real database: what it takes and what it leaves; on PostgreSQL a durable
/// claim that two instances never share, on SQLite an in-memory one that skips what is held here.
/// </summary>
public abstract class DeliveryStoreTests
{
    /// <summary>Null for SQLite; a fresh database's connection string for PostgreSQL.</summary>
    protected abstract string? PostgresConnection { get; }

    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private protected async Task<(DispatchTestBed Bed, long[] Targets)> BedWithBacklogAsync(int targets, int events)
    {
        var bed = await DispatchTestBed.StartAsync(Noon, PostgresConnection);
        var ids = new long[targets];
        for (var i = 0; i < targets; i++) ids[i] = await bed.AddWebhookTargetAsync($"t{i}", $"http://127.0.0.1:9/{i}");
        await bed.AddLinkAsync(await bed.AddBroadcastAsync("all", ids));
        for (var i = 0; i < events; i++) await bed.IngestAsync(title: $"e{i}");
        return (bed, ids);
    }

    private protected static DeliveryStore Store(DispatchTestBed bed) => bed.Services.GetRequiredService<DeliveryStore>();

    /// <summary>The status a claimed row has in the database: Sending (PostgreSQL) or still Pending (SQLite).</summary>
    private DeliveryStatus ClaimedInDatabase => PostgresConnection is null ? DeliveryStatus.Pending : DeliveryStatus.Sending;

    [Fact]
    public async Task Claim_TakesDueRowsOldestFirst_StampsThem_AndRespectsTheLimit()
    {
        var (bed, _) = await BedWithBacklogAsync(targets: 3, events: 4);
        await using var _bed = bed;
        var now = bed.Clock.GetUtcNow().UtcDateTime;

        var claimed = await Store(bed).ClaimAsync("me:1", now, Lease, limit: 5, busyTargets: [], heldHere: [], CancellationToken.None);

        var all = await bed.DeliveriesAsync();
        Assert.Equal(all.Take(5).Select(d => d.Id), claimed.Select(d => d.Id));
        Assert.All(claimed, d => Assert.Equal((DeliveryStatus.Sending, "me:1", now + Lease), (d.Status, d.LeaseOwner, d.LeaseUntil!.Value)));
        Assert.All(all.Take(5), d => Assert.Equal(ClaimedInDatabase, d.Status));
        Assert.All(all.Skip(5), d => Assert.Equal((DeliveryStatus.Pending, (string?)null), (d.Status, d.LeaseOwner)));
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

        var claimed = await Store(bed).ClaimAsync("me:1", now, Lease, limit: 100, busyTargets: [targets[0]], heldHere: [], CancellationToken.None);

        Assert.Equal([targets[3], targets[3]], claimed.Select(d => d.TargetId));
        // Half a minute later the postponed rows are due; an expired circuit no longer blocks.
        var held = claimed.Select(d => d.Id).ToList();
        var later = await Store(bed).ClaimAsync("me:2", now.AddMinutes(2), Lease, limit: 100, busyTargets: [], heldHere: held, CancellationToken.None);
        Assert.Equal([targets[0], targets[0], targets[1], targets[1], targets[2], targets[2]], later.Select(d => d.TargetId).Order());
        held.AddRange(later.Select(d => d.Id));
        Assert.Empty(await Store(bed).ClaimAsync("me:3", now.AddMinutes(3), Lease, limit: 100, busyTargets: [], heldHere: held, CancellationToken.None));
    }
}

public sealed class SqliteDeliveryStoreTests : DeliveryStoreTests
{
    protected override string? PostgresConnection => null;

    /// <summary>One process owns the file: the claim is what this worker holds, nothing is written.</summary>
    [Fact]
    public async Task Claim_SkipsRowsHeldHere_AndWritesNothing()
    {
        var (bed, _) = await BedWithBacklogAsync(targets: 2, events: 3);
        await using var _bed = bed;
        var now = bed.Clock.GetUtcNow().UtcDateTime;
        var before = await bed.DeliveriesAsync();

        var first = await Store(bed).ClaimAsync("me:1", now, Lease, limit: 4, busyTargets: [], heldHere: [], CancellationToken.None);
        var second = await Store(bed).ClaimAsync("me:2", now, Lease, limit: 4, busyTargets: [], heldHere: [.. first.Select(d => d.Id)], CancellationToken.None);

        Assert.Equal(before.Take(4).Select(d => d.Id), first.Select(d => d.Id));
        Assert.Equal(before.Skip(4).Select(d => d.Id), second.Select(d => d.Id));
        var after = await bed.DeliveriesAsync();
        Assert.Equal(before.Select(d => (d.Id, d.Status, d.LeaseOwner, d.UpdatedAt)), after.Select(d => (d.Id, d.Status, d.LeaseOwner, d.UpdatedAt)));
    }

    [Fact]
    public async Task ClaimPlan_WalksThePendingIndexInClaimOrder_WithoutSortingTheBacklog()
    {
        await using var bed = await DispatchTestBed.StartAsync(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
        await using var db = await bed.DbAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + DeliveryStore.SqliteClaimSql;
        foreach (var (name, value) in new (string, object)[] { ("now", DateTime.UtcNow), ("busy", "[1,2]"), ("held", "[3,4]"), ("limit", 500) })
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

    /// <summary>Several instances claiming at once (SKIP LOCKED): every row goes to exactly one.</summary>
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
                var rows = await Store(bed).ClaimAsync($"w{i}:x", now, Lease, limit: 7, busyTargets: [], heldHere: [], CancellationToken.None);
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
