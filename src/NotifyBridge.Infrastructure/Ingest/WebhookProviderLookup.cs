using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Persistence.CompiledQueries;
using NotifyBridge.Infrastructure.Security;

namespace NotifyBridge.Infrastructure.Ingest;

/// <summary>What the webhook endpoint needs of a provider, found by its slug, with its secret decrypted.</summary>
public sealed record WebhookProvider(long Id, string OwnerId, string Name, ProviderType Type, bool Enabled, string? WebhookSecret, string SettingsJson);

/// <summary>
/// Finds a provider by webhook slug. Every inbound call needs this plus a Data Protection
/// decrypt of the secret, which dominated the endpoint's per-request cost; answers are kept
/// in a small cache: bounded (<see cref="MaxEntries"/>), short-lived (<see cref="TimeToLive"/>,
/// which bounds staleness on other instances) and invalidated by <see cref="Forget"/> whenever
/// this instance changes or deletes a provider.
/// </summary>
public sealed class WebhookProviderLookup(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    ISecretProtector secrets) : IDisposable
{
    public const int MaxEntries = 1024;
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, Task<ServiceProvider?>>> BySlug = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string slug) =>
            db.Providers.AsNoTracking().FirstOrDefault(p => p.WebhookSlug == slug)));

    public async Task<WebhookProvider?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        if (slug.Length is 0 or > 64) return null;
        if (_cache.TryGetValue(slug, out WebhookProvider? cached)) return cached;

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await BySlug.For(db)(db, slug).ConfigureAwait(false);
        if (row is null) return null; // unknown slugs are not cached: guessing must not fill the cache
        var found = new WebhookProvider(row.Id, row.OwnerId, row.Name, row.Type, row.Enabled,
            row.WebhookSecretProtected is null ? null : secrets.Unprotect(row.WebhookSecretProtected), row.SettingsJson);
        _cache.Set(slug, found, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeToLive });
        return found;
    }

    /// <summary>Drops a cached answer after its provider changed.</summary>
    public void Forget(string? slug)
    {
        if (slug is not null) _cache.Remove(slug);
    }

    public void Dispose() => _cache.Dispose();
}
