using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NotifyBridge.Infrastructure.Persistence.Interceptors;

/// <summary>Applies <see cref="SqliteTuning.ConnectionPragmas"/> every time EF opens a connection.</summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = SqliteTuning.ConnectionPragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteTuning.ConnectionPragmas;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
