using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace NotifyBridge.Infrastructure.Persistence.Interceptors;

/// <summary>
/// SQLite allows one writer at a time. Left alone, concurrent writers inside this process
/// would each start a transaction and then spin in SQLite's busy handler (sleep, retry,
/// sleep longer), which wastes time and is unfair. Instead every EF write (SaveChanges and
/// explicit transactions, which Microsoft.Data.Sqlite opens as BEGIN IMMEDIATE) first takes
/// this process-wide async gate, so writers queue in order and the database lock is only
/// ever requested by one of them; readers never wait (WAL). The busy timeout remains the
/// backstop for another process (the CLI) writing to the same file.
/// The gate is re-entrant per DbContext: a SaveChanges inside an explicit transaction of
/// the same context does not wait for itself.
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, StrongBox<int>> _holds = new();

    public async ValueTask EnterAsync(DbContext context, CancellationToken cancellationToken)
    {
        var depth = _holds.GetValue(context, static _ => new StrongBox<int>());
        if (depth.Value++ > 0) return;
        try
        {
            if (!await _gate.WaitAsync(SqliteTuning.BusyTimeout, cancellationToken).ConfigureAwait(false))
                throw new TimeoutException($"The database stayed busy for {SqliteTuning.BusyTimeout.TotalSeconds:0} s.");
        }
        catch
        {
            depth.Value--;
            throw;
        }
    }

    public void Enter(DbContext context)
    {
        var depth = _holds.GetValue(context, static _ => new StrongBox<int>());
        if (depth.Value++ > 0) return;
        if (!_gate.Wait(SqliteTuning.BusyTimeout))
        {
            depth.Value--;
            throw new TimeoutException($"The database stayed busy for {SqliteTuning.BusyTimeout.TotalSeconds:0} s.");
        }
    }

    public void Exit(DbContext context)
    {
        if (_holds.TryGetValue(context, out var depth) && depth.Value > 0 && --depth.Value == 0)
            _gate.Release();
    }

    /// <summary>Releases whatever the context still holds (its connection is closing).</summary>
    public void ExitAll(DbContext context)
    {
        if (_holds.TryGetValue(context, out var depth) && depth.Value > 0)
        {
            depth.Value = 0;
            _gate.Release();
        }
    }
}
