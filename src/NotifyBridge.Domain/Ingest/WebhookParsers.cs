using System.Diagnostics.CodeAnalysis;
using NotifyBridge.Domain.Ingest.Generic;
using NotifyBridge.Domain.Ingest.Gitea;
using NotifyBridge.Domain.Ingest.HomeAssistant;
using NotifyBridge.Domain.Providers;

namespace NotifyBridge.Domain.Ingest;

/// <summary>The parser for each provider type that receives webhooks. Parsers are stateless and shared.</summary>
public static class WebhookParsers
{
    public static IWebhookParser Gitea { get; } = new GiteaWebhookParser();
    public static IWebhookParser HomeAssistant { get; } = new HomeAssistantWebhookParser();
    public static IWebhookParser Generic { get; } = new GenericWebhookParser();

    public static IReadOnlyList<IWebhookParser> All { get; } = [Gitea, HomeAssistant, Generic];

    /// <summary>The parser for <paramref name="type"/>; throws for a polled type (Immich).</summary>
    public static IWebhookParser For(ProviderType type) =>
        TryGet(type, out var parser)
            ? parser
            : throw new ArgumentOutOfRangeException(nameof(type), type, $"{type.DisplayName()} does not receive webhooks.");

    public static bool TryGet(ProviderType type, [NotNullWhen(true)] out IWebhookParser? parser)
    {
        parser = type switch
        {
            ProviderType.Gitea => Gitea,
            ProviderType.HomeAssistant => HomeAssistant,
            ProviderType.GenericWebhook => Generic,
            _ => null,
        };
        return parser is not null;
    }
}
