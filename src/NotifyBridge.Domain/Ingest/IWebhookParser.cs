using NotifyBridge.Domain.Providers;

namespace NotifyBridge.Domain.Ingest;

/// <summary>
/// Turns one inbound call of a provider type into a <see cref="ParseResult"/>. Pure: no I/O,
/// no clock. Authentication (signature, token) is checked before parsing.
/// </summary>
public interface IWebhookParser
{
    ProviderType ProviderType { get; }

    /// <summary>The sender's own delivery id, used for idempotency; null when it has none.</summary>
    string? DeliveryId(InboundRequest request);

    /// <param name="providerSettingsJson">The provider's non-secret settings (e.g. generic field mappings).</param>
    ParseResult Parse(InboundRequest request, string providerSettingsJson);
}
