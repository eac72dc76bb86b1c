namespace NotifyBridge.Domain.Providers;

/// <summary>
/// A configured source of events (Immich server, Gitea, Home Assistant, generic webhook).
/// Secrets are stored encrypted (the *Protected properties hold Data Protection payloads,
/// never plain text); <see cref="SettingsJson"/> holds the non-secret per-type settings.
/// </summary>
public sealed class ServiceProvider
{
    public long Id { get; set; }
    public required string OwnerId { get; set; }
    public required string Name { get; set; }
    public ProviderType Type { get; set; }
    public string? BaseUrl { get; set; }

    /// <summary>Public, unguessable path segment of the webhook URL: <c>/api/webhooks/{slug}</c>.</summary>
    public string? WebhookSlug { get; set; }
    public string? WebhookSecretProtected { get; set; }
    public string? ApiKeyProtected { get; set; }
    public string SettingsJson { get; set; } = "{}";
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
