using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Providers;

namespace NotifyBridge.Infrastructure.Seeding;

public sealed record SeedReport(long Events, int Providers, TimeSpan Elapsed);

/// <summary>
/// Fills the event log with realistic synthetic events for load tests and benchmarks
/// (CLI: <c>seed-events</c>). Rows go in 100 per statement, 50,000 per transaction, oldest
/// first, so ids grow with time as they do in production; each transaction also indexes its
/// rows for search (one statement), and the counters are written at the end.
/// </summary>
public sealed class EventSeeder(IDbContextFactory<NotifyBridgeDbContext> contextFactory, ProviderService providers, TimeProvider timeProvider)
{
    private const int BatchSize = 50_000;

    // Rows per INSERT statement: binding one statement per row costs more than SQLite's own work.
    private const int RowsPerStatement = 100;

    private static readonly string[] Types =
        ["push", "push", "push", "issue_opened", "issue_comment", "pull_request_opened", "pull_request_merged", "release_published", "ha_notification", "webhook", "assets_added"];

    private static readonly string[] Words =
        ["harbour", "sunset", "mountain", "garden", "kitchen", "release", "hotfix", "backend", "frontend", "door", "sensor", "camera",
         "holiday", "birthday", "forest", "river", "museum", "concert", "invoice", "printer", "router", "garage", "window", "trip"];

    public async Task<SeedReport> SeedAsync(string ownerId, long count, int providerCount, int days, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var created = new List<ProviderView>();
        for (var i = 0; i < providerCount; i++)
        {
            var type = (ProviderType)(1 + (i % 3));
            created.Add(await providers.CreateAsync(ownerId, new ProviderInput($"Seeded {type.DisplayName()} {i + 1}", type), cancellationToken).ConfigureAwait(false));
        }

        var random = new Random(42);
        var end = timeProvider.GetUtcNow().UtcDateTime;
        var start = end.AddDays(-days);
        var step = (end - start).Ticks / Math.Max(1, count);

        var totals = new SeedTotals();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (db is SqliteNotifyBridgeDbContext)
            {
                // A bulk load touches every index page: give this one connection a larger page
                // cache (the pragma interceptor puts the normal size back on the next open).
                using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA cache_size=-524288;";
                pragma.ExecuteNonQuery();
            }
            long written = 0;
            while (written < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var transaction = connection.BeginTransaction();
                long lastIdBefore;
                using (var maxId = connection.CreateCommand())
                {
                    maxId.Transaction = transaction;
                    maxId.CommandText = "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Events\"";
                    lastIdBefore = Convert.ToInt64(maxId.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                }
                var n = (int)Math.Min(BatchSize, count - written);
                using var insert = CreateInsert(connection, transaction, RowsPerStatement);
                var i = 0;
                // Synchronous on purpose: Microsoft.Data.Sqlite's async methods add overhead without real I/O concurrency.
                for (; i + RowsPerStatement <= n; i += RowsPerStatement)
                {
                    for (var row = 0; row < RowsPerStatement; row++)
                        SetValues(insert, row, ownerId, created, random, start.AddTicks(step * (written + i + row)), totals);
                    insert.ExecuteNonQuery();
                }
                if (i < n)
                {
                    using var tail = CreateInsert(connection, transaction, n - i);
                    for (var row = 0; i + row < n; row++)
                        SetValues(tail, row, ownerId, created, random, start.AddTicks(step * (written + i + row)), totals);
                    tail.ExecuteNonQuery();
                }
                if (db is SqliteNotifyBridgeDbContext)
                {
                    // Index the batch in one statement (see EventSearchIndex).
                    using var index = connection.CreateCommand();
                    index.Transaction = transaction;
                    index.CommandText = """
                        INSERT INTO "EventSearch"(rowid, "CollectionName", "ProviderName", "Title", "Summary")
                        SELECT "Id", "CollectionName", "ProviderName", "Title", "Summary" FROM "Events" WHERE "Id" > @after
                        """;
                    var after = index.CreateParameter();
                    after.ParameterName = "@after";
                    after.Value = lastIdBefore;
                    index.Parameters.Add(after);
                    index.ExecuteNonQuery();
                }
                transaction.Commit();
                written += n;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        await WriteCountersAsync(db, ownerId, totals, cancellationToken).ConfigureAwait(false);
        return new SeedReport(count, providerCount, stopwatch.Elapsed);
    }

    private const int Columns = 11;

    private static DbCommand CreateInsert(DbConnection connection, DbTransaction transaction, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var values = Enumerable.Range(0, rows).Select(r =>
        {
            var p = Enumerable.Range(0, Columns).Select(c => $"@p{(r * Columns) + c}").ToArray();
            return $"({p[0]}, {p[1]}, {p[2]}, {p[3]}, {p[4]}, {p[4]}, {p[5]}, {p[6]}, {p[7]}, {p[8]}, {p[9]}, 'Normal', '{{}}', 'Delivered', {p[10]})";
        });
        command.CommandText = $"""
            INSERT INTO "Events" ("OwnerId", "ProviderId", "ProviderName", "EventType", "CollectionId", "CollectionName", "Title", "Summary",
                                  "Url", "Actor", "AssetsCount", "Severity", "DetailsJson", "DispatchStatus", "CreatedAt")
            VALUES {string.Join(",\n", values)}
            """;
        for (var i = 0; i < rows * Columns; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static void SetValues(DbCommand insert, int row, string ownerId, List<ProviderView> providers, Random random, DateTime createdAt, SeedTotals totals)
    {
        var provider = providers[random.Next(providers.Count)];
        var type = Types[random.Next(Types.Length)];
        var collection = $"{Words[random.Next(Words.Length)]}-{random.Next(200)}";
        var word = Words[random.Next(Words.Length)];
        var actor = $"user{random.Next(50)}";
        var assets = type is "assets_added" or "push" ? random.Next(1, 40) : 0;
        totals.Add(provider.Id, assets, createdAt);
        var p = insert.Parameters;
        var o = row * Columns;
        p[o].Value = ownerId;
        p[o + 1].Value = provider.Id;
        p[o + 2].Value = provider.Name;
        p[o + 3].Value = type;
        p[o + 4].Value = collection;
        p[o + 5].Value = $"{actor} {type.Replace('_', ' ')} in {collection}: {word}";
        p[o + 6].Value = $"The {word} of {collection} changed ({assets} items).";
        p[o + 7].Value = $"https://example.org/{collection}/{random.Next(100000)}";
        p[o + 8].Value = actor;
        p[o + 9].Value = assets;
        p[o + 10].Value = createdAt;
    }

    /// <summary>Writes the counters and hourly buckets accumulated while generating (no re-read of the log).</summary>
    private static async Task WriteCountersAsync(NotifyBridgeDbContext db, string ownerId, SeedTotals totals, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (providerId, total) in totals.Providers)
            db.ProviderEventCounters.Add(new ProviderEventCounter { ProviderId = providerId, OwnerId = ownerId, EventCount = total.Count, AssetCount = total.Assets, LastEventAt = total.Last });
        foreach (var ((providerId, hour), count) in totals.Hours)
            db.EventHourlyCounts.Add(new EventHourlyCount { ProviderId = providerId, HourStart = hour, OwnerId = ownerId, Count = count });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Per provider and per hour totals; bounded by providers × hours of the seeded span.</summary>
    private sealed class SeedTotals
    {
        public Dictionary<long, (long Count, long Assets, DateTime Last)> Providers { get; } = [];
        public Dictionary<(long, DateTime), long> Hours { get; } = [];

        public void Add(long providerId, int assets, DateTime createdAt)
        {
            var current = Providers.GetValueOrDefault(providerId);
            Providers[providerId] = (current.Count + 1, current.Assets + assets, createdAt > current.Last ? createdAt : current.Last);
            var hour = (providerId, EventHourlyCount.HourOf(createdAt));
            Hours[hour] = Hours.GetValueOrDefault(hour) + 1;
        }
    }
}
