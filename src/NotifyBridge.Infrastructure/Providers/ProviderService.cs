using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Common;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Ingest;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Security;

namespace NotifyBridge.Infrastructure.Providers;

/// <summary>What an owner may set on a provider. Secrets are write-only: null keeps the stored one.</summary>
public sealed record ProviderInput(
    string Name,
    ProviderType Type,
    string? BaseUrl = null,
    bool Enabled = true,
    string? SettingsJson = null,
    string? WebhookSecret = null,
    string? ApiKey = null);

/// <summary>A provider as shown to its owner (no secrets, except on explicit reveal).</summary>
public sealed record ProviderView(
    long Id, string Name, ProviderType Type, string? BaseUrl, bool Enabled, string? WebhookSlug,
    string SettingsJson, bool HasWebhookSecret, bool HasApiKey, DateTime CreatedAt, DateTime UpdatedAt,
    long EventCount, DateTime? LastEventAt);

public sealed class ProviderValidationException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

/// <summary>Create, read, update and delete providers; every call is scoped to one owner.</summary>
public sealed class ProviderService(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    ISecretProtector secrets,
    WebhookProviderLookup webhookLookup,
    TimeProvider timeProvider)
{
    public const int MaxNameLength = 200;

    public async Task<IReadOnlyList<ProviderView>> ListAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await Views(db, ownerId, null).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProviderView?> GetAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await Views(db, ownerId, id).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a provider; webhook providers get a random slug and, unless one is given, a random secret.</summary>
    public async Task<ProviderView> CreateAsync(string ownerId, ProviderInput input, CancellationToken cancellationToken)
    {
        Validate(input);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var provider = new ServiceProvider
        {
            OwnerId = ownerId,
            Name = input.Name.Trim(),
            Type = input.Type,
            BaseUrl = NullIfBlank(input.BaseUrl),
            Enabled = input.Enabled,
            SettingsJson = NormalizeSettings(input.SettingsJson),
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (input.Type.ReceivesWebhooks())
        {
            provider.WebhookSlug = Slugs.NewRandom();
            provider.WebhookSecretProtected = secrets.Protect(NullIfBlank(input.WebhookSecret) ?? Slugs.NewSecret());
        }
        if (NullIfBlank(input.ApiKey) is { } apiKey) provider.ApiKeyProtected = secrets.Protect(apiKey);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Providers.Add(provider);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (await GetAsync(ownerId, provider.Id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<ProviderView?> UpdateAsync(string ownerId, long id, ProviderInput input, CancellationToken cancellationToken)
    {
        Validate(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == id && p.OwnerId == ownerId, cancellationToken).ConfigureAwait(false);
        if (provider is null) return null;
        if (provider.Type != input.Type)
            throw new ProviderValidationException(new Dictionary<string, string> { [nameof(input.Type)] = "The type of a provider cannot change; create a new one." });

        provider.Name = input.Name.Trim();
        provider.BaseUrl = NullIfBlank(input.BaseUrl);
        provider.Enabled = input.Enabled;
        provider.SettingsJson = NormalizeSettings(input.SettingsJson);
        if (NullIfBlank(input.WebhookSecret) is { } secret && provider.Type.ReceivesWebhooks()) provider.WebhookSecretProtected = secrets.Protect(secret);
        if (NullIfBlank(input.ApiKey) is { } apiKey) provider.ApiKeyProtected = secrets.Protect(apiKey);
        provider.UpdatedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        webhookLookup.Forget(provider.WebhookSlug);
        return await GetAsync(ownerId, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces the webhook secret with a new random one and returns it (senders must be updated).</summary>
    public async Task<string?> RotateWebhookSecretAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == id && p.OwnerId == ownerId, cancellationToken).ConfigureAwait(false);
        if (provider is null || !provider.Type.ReceivesWebhooks()) return null;
        var secret = Slugs.NewSecret();
        provider.WebhookSecretProtected = secrets.Protect(secret);
        provider.UpdatedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        webhookLookup.Forget(provider.WebhookSlug);
        return secret;
    }

    /// <summary>The plain webhook secret, for the owner's "show / copy" button.</summary>
    public async Task<string?> RevealWebhookSecretAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var stored = await db.Providers.Where(p => p.Id == id && p.OwnerId == ownerId)
            .Select(p => p.WebhookSecretProtected).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return stored is null ? null : secrets.Unprotect(stored);
    }

    /// <summary>Deletes the provider with its payload log and counters; its events stay in the log (provider name kept).</summary>
    public async Task<bool> DeleteAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == id && p.OwnerId == ownerId, cancellationToken).ConfigureAwait(false);
        if (provider is null) return false;
        db.Providers.Remove(provider);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        webhookLookup.Forget(provider.WebhookSlug);
        return true;
    }

    public async Task<IReadOnlyList<WebhookPayloadLogEntry>> RecentPayloadsAsync(string ownerId, long providerId, int take, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.WebhookPayloadLog.AsNoTracking()
            .Where(l => l.ProviderId == providerId && l.OwnerId == ownerId)
            .OrderByDescending(l => l.Id).Take(take)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    // Filter and order before projecting: EF cannot translate members of a constructed record.
    private static IQueryable<ProviderView> Views(NotifyBridgeDbContext db, string ownerId, long? id) =>
        db.Providers.AsNoTracking().Where(p => p.OwnerId == ownerId && (id == null || p.Id == id)).OrderBy(p => p.Name)
            .Select(p => new ProviderView(p.Id, p.Name, p.Type, p.BaseUrl, p.Enabled, p.WebhookSlug, p.SettingsJson,
                p.WebhookSecretProtected != null, p.ApiKeyProtected != null, p.CreatedAt, p.UpdatedAt,
                db.ProviderEventCounters.Where(c => c.ProviderId == p.Id).Select(c => c.EventCount).FirstOrDefault(),
                db.ProviderEventCounters.Where(c => c.ProviderId == p.Id).Select(c => c.LastEventAt).FirstOrDefault()));

    private static void Validate(ProviderInput input)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > MaxNameLength)
            errors[nameof(input.Name)] = $"Name must be 1 to {MaxNameLength} characters.";
        if (!Enum.IsDefined(input.Type)) errors[nameof(input.Type)] = "Unknown provider type.";
        if (NullIfBlank(input.BaseUrl) is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            errors[nameof(input.BaseUrl)] = "Base URL must be an absolute http(s) URL.";
        if (input.Type == ProviderType.Immich && NullIfBlank(input.BaseUrl) is null)
            errors[nameof(input.BaseUrl)] = "An Immich provider needs the server's base URL.";
        if (NullIfBlank(input.WebhookSecret) is { Length: < 8 })
            errors[nameof(input.WebhookSecret)] = "A webhook secret must be at least 8 characters.";
        if (input.SettingsJson is not null && !ProviderSettingsValidator.TryValidate(input.Type, input.SettingsJson, out var settingsError))
            errors[nameof(input.SettingsJson)] = settingsError!;
        if (errors.Count > 0) throw new ProviderValidationException(errors);
    }

    private static string NormalizeSettings(string? json) => string.IsNullOrWhiteSpace(json) ? "{}" : json.Trim();

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
