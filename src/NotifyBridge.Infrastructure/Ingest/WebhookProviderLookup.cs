using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Persistence.CompiledQueries;

namespace NotifyBridge.Infrastructure.Ingest;

/// <summary>What the webhook endpoint needs of a provider, found by its slug.</summary>
public sealed record WebhookProvider(long Id, string OwnerId, string Name, ProviderType Type, bool Enabled, string? WebhookSecretProtected, string SettingsJson);

public sealed class WebhookProviderLookup(IDbContextFactory<NotifyBridgeDbContext> contextFactory)
{
    private static readonly PerModel<Func<NotifyBridgeDbContext, string, Task<WebhookProvider?>>> BySlug = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string slug) =>
            db.Providers.AsNoTracking().Where(p => p.WebhookSlug == slug)
                .Select(p => new WebhookProvider(p.Id, p.OwnerId, p.Name, p.Type, p.Enabled, p.WebhookSecretProtected, p.SettingsJson))
                .FirstOrDefault()));

    public async Task<WebhookProvider?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        if (slug.Length is 0 or > 64) return null;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await BySlug.For(db)(db, slug).ConfigureAwait(false);
    }
}
