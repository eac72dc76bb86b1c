using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// Writes outbox rows in the caller's transaction without the change tracker (a broadcast to
/// 50 targets is 50 rows per event; through EF that cost more than sending them). SQLite: one
/// prepared single-row INSERT executed per row (no network, and SQLite resolves named
/// parameters by a linear search, so a 2,000-parameter statement costs quadratic time);
/// PostgreSQL: multi-row INSERTs, one round trip per 200 rows.
/// </summary>
public static class DeliveryBulkInsert
{
    private const int RowsPerStatement = 200;

    private static readonly string Columns =
        "\"EventId\", \"DeferredDispatchId\", \"LinkId\", \"TargetId\", \"Status\", \"Attempts\", \"NextAttemptAt\", \"IdempotencyKey\", \"Locale\", \"CreatedAt\", \"UpdatedAt\"";

    public static async Task InsertAsync(NotifyBridgeDbContext db, IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0) return;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Outbox rows are written inside the caller's transaction.");
        if (db is not PostgresNotifyBridgeDbContext)
        {
            await InsertOneByOneAsync(connection, transaction, deliveries, cancellationToken).ConfigureAwait(false);
            return;
        }
        for (var offset = 0; offset < deliveries.Count; offset += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, deliveries.Count - offset);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO \"Deliveries\" (").Append(Columns).Append(") VALUES ");
            for (var i = 0; i < count; i++)
            {
                var d = deliveries[offset + i];
                if (i > 0) sql.Append(',');
                sql.Append('(');
                Add(command, sql, i, "e", d.EventId);
                Add(command, sql, i, "d", d.DeferredDispatchId);
                Add(command, sql, i, "l", d.LinkId);
                Add(command, sql, i, "t", d.TargetId);
                Add(command, sql, i, "s", d.Status.ToString());
                Add(command, sql, i, "a", d.Attempts);
                Add(command, sql, i, "n", d.NextAttemptAt);
                Add(command, sql, i, "k", d.IdempotencyKey);
                Add(command, sql, i, "o", d.Locale);
                Add(command, sql, i, "c", d.CreatedAt);
                Add(command, sql, i, "u", d.UpdatedAt, last: true);
                sql.Append(')');
            }
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task InsertOneByOneAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("INSERT INTO \"Deliveries\" (").Append(Columns).Append(") VALUES (");
        string[] names = ["e", "d", "l", "t", "s", "a", "n", "k", "o", "c", "u"];
        for (var i = 0; i < names.Length; i++) Add(command, sql, 0, names[i], null, last: i == names.Length - 1);
        command.CommandText = sql.Append(')').ToString();
        var p = command.Parameters;
        foreach (var d in deliveries)
        {
            p[0].Value = (object?)d.EventId ?? DBNull.Value;
            p[1].Value = (object?)d.DeferredDispatchId ?? DBNull.Value;
            p[2].Value = (object?)d.LinkId ?? DBNull.Value;
            p[3].Value = d.TargetId;
            p[4].Value = d.Status.ToString();
            p[5].Value = d.Attempts;
            p[6].Value = d.NextAttemptAt;
            p[7].Value = d.IdempotencyKey;
            p[8].Value = d.Locale;
            p[9].Value = d.CreatedAt;
            p[10].Value = d.UpdatedAt;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Add(DbCommand command, StringBuilder sql, int row, string column, object? value, bool last = false)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"@{column}{row}");
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        sql.Append(name);
        if (!last) sql.Append(',');
    }
}
