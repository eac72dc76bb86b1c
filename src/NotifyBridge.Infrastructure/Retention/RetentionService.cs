using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NotifyBridge.Domain.Retention;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Settings;

namespace NotifyBridge.Infrastructure.Retention;

public sealed record TableRowCount(string Table, long Rows);

/// <summary>
/// Runs retention over every registered <see cref="IRetentionPolicy"/>: batches of
/// <see cref="BatchSize"/> rows, one short transaction each, so the write lock is never
/// held for long and ingest keeps flowing. Records each run.
/// </summary>
public sealed partial class RetentionService(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    IEnumerable<IRetentionPolicy> policies,
    AppSettingsService settings,
    TimeProvider timeProvider,
    ILogger<RetentionService> logger)
{
    public const int BatchSize = 1000;

    /// <summary>Runs when the nightly time has come in the app's time zone and today's run has not happened.</summary>
    public async Task<RetentionRun?> RunIfDueAsync(CancellationToken cancellationToken)
    {
        var zone = await settings.GetTimeZoneAsync(cancellationToken).ConfigureAwait(false);
        var last = await LastRunAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (!RetentionSchedule.IsDue(now, zone, last?.StartedAt, RetentionSchedule.DefaultRunAt)) return null;
        return await RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs now. With retention off (0 days) it records a run that removed nothing.</summary>
    public async Task<RetentionRun> RunAsync(CancellationToken cancellationToken)
    {
        var days = (await settings.GetAsync(cancellationToken).ConfigureAwait(false)).RetentionDays;
        var started = timeProvider.GetUtcNow().UtcDateTime;
        var cutoff = RetentionSchedule.Cutoff(started, days);
        var run = new RetentionRun { StartedAt = started, Cutoff = cutoff ?? DateTime.MinValue.ToUniversalTime() };
        var perTable = new Dictionary<string, long>();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            if (cutoff is { } c)
            {
                foreach (var policy in policies)
                    perTable[policy.Table] = await DeleteAllAsync(policy, c, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Error = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            LogFailed(logger, ex);
        }
        run.RowsDeleted = perTable.Values.Sum();
        run.DetailsJson = JsonSerializer.Serialize(perTable);
        run.FinishedAt = started + stopwatch.Elapsed;

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.RetentionRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogFinished(logger, run.RowsDeleted, stopwatch.ElapsedMilliseconds, days);
        return run;
    }

    public async Task<RetentionRun?> LastRunAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.RetentionRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TableRowCount>> RowCountsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<TableRowCount>();
        foreach (var policy in policies)
            counts.Add(new TableRowCount(policy.Table, await policy.CountAsync(db, cancellationToken).ConfigureAwait(false)));
        return counts;
    }

    private async Task<long> DeleteAllAsync(IRetentionPolicy policy, DateTime cutoff, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var deleted = await policy.DeleteBatchAsync(db, cutoff, BatchSize, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < BatchSize) return total;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Rows} rows in {Milliseconds} ms (keeping {Days} days; 0 = forever).")]
    private static partial void LogFinished(ILogger logger, long rows, long milliseconds, int days);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention run failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
