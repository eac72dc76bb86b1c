namespace NotifyBridge.Domain.Settings;

/// <summary>
/// Which addresses outbound HTTP (notifiers, pollers) may reach. Link-local and cloud
/// metadata addresses are refused under every policy.
/// </summary>
public enum OutboundNetworkPolicy
{
    /// <summary>Public internet and private ranges (LAN): what most self-hosters need.</summary>
    AllowPrivateNetworks = 0,

    /// <summary>Public internet only: for shared or exposed installations.</summary>
    PublicOnly = 1,
}
