using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// The outbox's database side: claiming due rows (an atomic Pending → Sending switch stamped
/// with a claim token, so two workers or instances never send the same row), giving claims
/// back, and taking over claims whose worker died.
/// </summary>
public sealed class DeliveryStore(IDbContextFactory<NotifyBridgeDbContext> contextFactory)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> due rows, oldest due first, skipping targets in
    /// <paramref name="busyTargets"/> (already being worked on here) and targets whose circuit is open.
    /// One statement (UPDATE … RETURNING) picks, stamps and returns the rows: the claim runs for
    /// every few hundred deliveries, and three statements with the ids sent back and forth cost
    /// more than the sending. PostgreSQL skips rows another instance is claiming at that moment.
    /// </summary>
    public async Task<List<Delivery>> ClaimAsync(string claimToken, DateTime utcNow, TimeSpan lease, int limit, IReadOnlyCollection<long> busyTargets, CancellationToken cancellationToken)
    {
        if (limit <= 0) return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var postgres = db is PostgresNotifyBridgeDbContext;
        // A transaction: on SQLite it takes the process's write gate (a RETURNING statement is a
        // reader command, which the gate would not otherwise see).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        object busy = postgres ? busyTargets.ToArray() : System.Text.Json.JsonSerializer.Serialize(busyTargets);
        var rows = await db.Deliveries
            .FromSqlRaw(postgres ? PostgresClaimSql : SqliteClaimSql,
                Parameter(db, "owner", claimToken), Parameter(db, "until", utcNow + lease), Parameter(db, "now", utcNow),
                Parameter(db, "busy", busy), Parameter(db, "limit", limit))
            .AsNoTracking()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        // RETURNING promises no order; lanes keep id order per target.
        rows.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return rows;
    }

    // INDEXED BY: without statistics SQLite prefers the (Status, Id) index and sorts the whole
    // backlog; the partial index yields the rows already in claim order.
    internal const string SqliteClaimSql = """
        UPDATE "Deliveries" SET "Status" = 'Sending', "LeaseOwner" = @owner, "LeaseUntil" = @until, "UpdatedAt" = @now
        WHERE "Id" IN (
            SELECT d."Id" FROM "Deliveries" AS d INDEXED BY "IX_Deliveries_Pending_Due"
            WHERE d."Status" = 'Pending' AND d."NextAttemptAt" <= @now
              AND d."TargetId" NOT IN (SELECT value FROM json_each(@busy))
              AND NOT EXISTS (SELECT 1 FROM "Targets" AS t WHERE t."Id" = d."TargetId" AND t."CircuitOpenUntil" > @now)
            ORDER BY d."NextAttemptAt", d."Id"
            LIMIT @limit)
        RETURNING *
        """;

    private const string PostgresClaimSql = """
        UPDATE "Deliveries" AS u SET "Status" = 'Sending', "LeaseOwner" = @owner, "LeaseUntil" = @until, "UpdatedAt" = @now
        FROM (
            SELECT d."Id" FROM "Deliveries" AS d
            WHERE d."Status" = 'Pending' AND d."NextAttemptAt" <= @now
              AND NOT (d."TargetId" = ANY(@busy))
              AND NOT EXISTS (SELECT 1 FROM "Targets" AS t WHERE t."Id" = d."TargetId" AND t."CircuitOpenUntil" > @now)
            ORDER BY d."NextAttemptAt", d."Id"
            LIMIT @limit
            FOR UPDATE OF d SKIP LOCKED) AS c
        WHERE u."Id" = c."Id"
        RETURNING u.*
        """;

    private static System.Data.Common.DbParameter Parameter(NotifyBridgeDbContext db, string name, object value) =>
        db is PostgresNotifyBridgeDbContext ? new Npgsql.NpgsqlParameter(name, value) : new Microsoft.Data.Sqlite.SqliteParameter(name, value);

    /// <summary>Gives claimed, unsent rows back (shutdown): pending again, attempts unchanged.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<long> ids, DateTime utcNow, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var list = ids.ToList();
        await db.Deliveries.Where(d => list.Contains(d.Id) && d.Status == DeliveryStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.UpdatedAt, d => utcNow), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Extends this instance's live claims (rows waiting in a lane, e.g. behind a rate limit),
    /// so they never look abandoned to <see cref="ReclaimAsync"/> here or on another instance.
    /// </summary>
    public async Task<int> RenewAsync(string claimTokenPrefix, DateTime leaseUntil, DateTime utcNow, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Sending && d.LeaseOwner != null && d.LeaseOwner.StartsWith(claimTokenPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, d => leaseUntil).SetProperty(d => d.UpdatedAt, d => utcNow), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Takes back rows whose claim expired (their worker died mid-send). They are retried with
    /// the same idempotency key, so a receiver that saw the first attempt can tell. With
    /// <paramref name="all"/> (SQLite: one process owns the database) every claim is taken back at once.
    /// </summary>
    public async Task<int> ReclaimAsync(DateTime utcNow, bool all, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Sending && (all || d.LeaseUntil < utcNow))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.NextAttemptAt, d => utcNow)
                .SetProperty(d => d.UpdatedAt, d => utcNow), cancellationToken).ConfigureAwait(false);
    }
}
