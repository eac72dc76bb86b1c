using Microsoft.EntityFrameworkCore;

namespace NotifyBridge.Infrastructure.Persistence;

/// <summary>Exposes the provider-specific context factory as the base-typed one the app uses.</summary>
internal sealed class DbContextFactoryAdapter<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<NotifyBridgeDbContext>
    where TContext : NotifyBridgeDbContext
{
    public NotifyBridgeDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<NotifyBridgeDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
}
