using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// The outbox's database side: claiming due rows, giving claims back, and taking over claims
/// whose worker died. Where the claim lives depends on the database:
/// <list type="bullet">
/// <item>PostgreSQL (several instances may share it): durably, as an atomic Pending → Sending
/// switch stamped with a claim token and a lease, so two instances never send the same row.</item>
/// <item>SQLite (one process owns the file): in the worker's memory. The rows stay Pending and the
/// claim only excludes what this process already holds; after a crash everything pending is sent
/// again anyway (with its idempotency key), exactly as durable claims would be taken back at
/// start. It saves a write of every row per delivery — CPU, and wear on a Pi's SD card.</item>
/// </list>
/// </summary>
public sealed class DeliveryStore(IDbContextFactory<NotifyBridgeDbContext> contextFactory)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> due rows, oldest due first, skipping targets in
    /// <paramref name="busyTargets"/> (already being worked on here), targets whose circuit is
    /// open and, on SQLite, the rows in <paramref name="heldHere"/> (claimed and not yet written
    /// back). The returned rows carry the claim (Sending, token, lease) either way.
    /// PostgreSQL: one statement (UPDATE … RETURNING … SKIP LOCKED) picks, stamps and returns them.
    /// </summary>
    public async Task<List<Delivery>> ClaimAsync(string claimToken, DateTime utcNow, TimeSpan lease, int limit, IReadOnlyCollection<long> busyTargets,
        IReadOnlyCollection<long> heldHere, CancellationToken cancellationToken)
    {
        if (limit <= 0) return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!HasDurableClaims(db))
        {
            // A read: no transaction, no write lock.
            var due = await db.Deliveries
                .FromSqlRaw(SqliteClaimSql, Parameter(db, "now", utcNow), Parameter(db, "busy", System.Text.Json.JsonSerializer.Serialize(busyTargets)),
                    Parameter(db, "held", System.Text.Json.JsonSerializer.Serialize(heldHere)), Parameter(db, "limit", limit))
                .AsNoTracking()
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in due)
            {
                row.Status = DeliveryStatus.Sending;
                row.LeaseOwner = claimToken;
                row.LeaseUntil = utcNow + lease;
            }
            return due;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Deliveries
            .FromSqlRaw(PostgresClaimSql,
                Parameter(db, "owner", claimToken), Parameter(db, "until", utcNow + lease), Parameter(db, "now", utcNow),
                Parameter(db, "busy", busyTargets.ToArray()), Parameter(db, "limit", limit))
            .AsNoTracking()
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        // RETURNING promises no order; lanes keep id order per target.
        rows.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return rows;
    }

    /// <summary>Whether claims are rows in the database (PostgreSQL) or held in memory (SQLite).</summary>
    public static bool HasDurableClaims(NotifyBridgeDbContext db) => db is PostgresNotifyBridgeDbContext;

    // INDEXED BY: without statistics SQLite prefers the (Status, Id) index and sorts the whole
    // backlog; the partial index yields the rows already in claim order.
    internal const string SqliteClaimSql = """
        SELECT d.* FROM "Deliveries" AS d INDEXED BY "IX_Deliveries_Pending_Due"
        WHERE d."Status" = 'Pending' AND d."NextAttemptAt" <= @now
          AND d."Id" NOT IN (SELECT value FROM json_each(@held))
          AND d."TargetId" NOT IN (SELECT value FROM json_each(@busy))
          AND NOT EXISTS (SELECT 1 FROM "Targets" AS t WHERE t."Id" = d."TargetId" AND t."CircuitOpenUntil" > @now)
        ORDER BY d."NextAttemptAt", d."Id"
        LIMIT @limit
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
        if (!HasDurableClaims(db)) return; // the rows never left Pending
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
        if (!HasDurableClaims(db)) return 0;
        return await db.Deliveries
            .Where(d => d.Status == DeliveryStatus.Sending && d.LeaseOwner != null && d.LeaseOwner.StartsWith(claimTokenPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, d => leaseUntil).SetProperty(d => d.UpdatedAt, d => utcNow), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Takes back rows whose claim expired (their worker died mid-send). They are retried with
    /// the same idempotency key, so a receiver that saw the first attempt can tell. With
    /// <paramref name="all"/> (SQLite: one process owns the database, so any Sending row is left
    /// over from a process that died, or from a version that kept claims in the file) every claim
    /// is taken back at once.
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
