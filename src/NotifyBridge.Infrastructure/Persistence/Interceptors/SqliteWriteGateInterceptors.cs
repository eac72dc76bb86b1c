using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NotifyBridge.Infrastructure.Persistence.Interceptors;

/// <summary>Takes the <see cref="SqliteWriteGate"/> around SaveChanges.</summary>
internal sealed class SqliteWriteGateSaveChangesInterceptor(SqliteWriteGate gate) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context) gate.Enter(context);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) await gate.EnterAsync(context, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Exit(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Exit(eventData);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Exit(eventData);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return Task.CompletedTask;
    }

    private void Exit(DbContextEventData eventData)
    {
        if (eventData.Context is { } context) gate.Exit(context);
    }
}

/// <summary>
/// Takes the <see cref="SqliteWriteGate"/> for the life of an explicit transaction. A
/// transaction that is disposed without commit or rollback has no interceptor hook, so the
/// gate is also released when the context closes its connection (a transaction cannot
/// outlive its connection).
/// </summary>
internal sealed class SqliteWriteGateTransactionInterceptor(SqliteWriteGate gate) : DbTransactionInterceptor
{
    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (eventData.Context is { } context) gate.Enter(context);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) await gate.EnterAsync(context, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Exit(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Exit(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return Task.CompletedTask;
    }

    private void Exit(TransactionEventData eventData)
    {
        if (eventData.Context is { } context) gate.Exit(context);
    }
}

internal sealed class SqliteWriteGateConnectionInterceptor(SqliteWriteGate gate) : DbConnectionInterceptor
{
    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (eventData.Context is { } context) gate.ExitAll(context);
    }

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (eventData.Context is { } context) gate.ExitAll(context);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Takes the <see cref="SqliteWriteGate"/> around a bulk write outside a transaction
/// (ExecuteUpdate / ExecuteDelete / raw INSERT). Without it such a statement would meet a busy
/// database and sleep in SQLite's busy handler (up to 100 ms per round) instead of queueing.
/// Inside an explicit transaction or SaveChanges the gate is already held (re-entrant).
/// </summary>
internal sealed class SqliteWriteGateCommandInterceptor(SqliteWriteGate gate) : DbCommandInterceptor
{
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (IsBulkWrite(command) && eventData.Context is { } context) gate.Enter(context);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (IsBulkWrite(command) && eventData.Context is { } context) await gate.EnterAsync(context, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Exit(command, eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Exit(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Exit(command, eventData);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(command, eventData);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Exit(command, eventData);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(command, eventData);
        return Task.CompletedTask;
    }

    // Only statements run outside a transaction: SaveChanges and explicit transactions hold the gate already.
    private static bool IsBulkWrite(DbCommand command) => command.Transaction is null;

    private void Exit(DbCommand command, CommandEventData eventData)
    {
        if (IsBulkWrite(command) && eventData.Context is { } context) gate.Exit(context);
    }
}
