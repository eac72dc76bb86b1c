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
