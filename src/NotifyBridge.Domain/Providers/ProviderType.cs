namespace NotifyBridge.Domain.Providers;

public enum ProviderType
{
    Immich = 0,
    Gitea = 1,
    HomeAssistant = 2,
    GenericWebhook = 3,
}

public static class ProviderTypeExtensions
{
    /// <summary>Providers that push to us over <c>/api/webhooks/{slug}</c> (the others are polled).</summary>
    public static bool ReceivesWebhooks(this ProviderType type) => type is not ProviderType.Immich;

    public static string DisplayName(this ProviderType type) => type switch
    {
        ProviderType.Immich => "Immich",
        ProviderType.Gitea => "Gitea",
        ProviderType.HomeAssistant => "Home Assistant",
        ProviderType.GenericWebhook => "Generic webhook",
        _ => type.ToString(),
    };
}
