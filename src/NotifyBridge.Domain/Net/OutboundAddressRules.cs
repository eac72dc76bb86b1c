using System.Net;
using System.Net.Sockets;
using NotifyBridge.Domain.Settings;

namespace NotifyBridge.Domain.Net;

/// <summary>What kind of network an address belongs to, as far as outbound requests care.</summary>
public enum AddressKind
{
    Public,
    /// <summary>RFC 1918, carrier-grade NAT, IPv6 unique-local: the LAN self-hosters notify into.</summary>
    Private,
    Loopback,
    /// <summary>169.254/16, fe80::/10 — includes cloud metadata services (169.254.169.254).</summary>
    LinkLocal,
    /// <summary>Unspecified, multicast, broadcast, documentation and other reserved ranges.</summary>
    Reserved,
}

/// <summary>
/// The outbound network policy as a pure rule: link-local (and so cloud metadata) and
/// reserved addresses are refused under every policy; private and loopback addresses only
/// when the admin allows private networks; public addresses always.
/// </summary>
public static class OutboundAddressRules
{
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    public static AddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return AddressKind.Loopback;
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => ClassifyV6(address),
            _ => AddressKind.Reserved,
        };
    }

    public static bool IsAllowed(IPAddress address, OutboundNetworkPolicy policy) => Classify(address) switch
    {
        AddressKind.Public => true,
        AddressKind.Private or AddressKind.Loopback => policy == OutboundNetworkPolicy.AllowPrivateNetworks,
        _ => false,
    };

    /// <summary>Why an address is refused, for error messages; null when it is allowed.</summary>
    public static string? RefusalReason(IPAddress address, OutboundNetworkPolicy policy) => IsAllowed(address, policy) ? null : Classify(address) switch
    {
        AddressKind.LinkLocal => $"{address} is link-local (cloud metadata lives there); it is never reachable from NotifyBridge",
        AddressKind.Reserved => $"{address} is in a reserved range",
        _ => $"{address} is on a private network and the outbound network policy allows the internet only",
    };

    private static AddressKind ClassifyV4(byte[] b) => b switch
    {
        [0, ..] => AddressKind.Reserved,                                    // 0.0.0.0/8
        [10, ..] => AddressKind.Private,                                    // 10/8
        [100, >= 64 and <= 127, ..] => AddressKind.Private,                 // 100.64/10 CGNAT
        [169, 254, ..] => AddressKind.LinkLocal,                            // 169.254/16
        [172, >= 16 and <= 31, ..] => AddressKind.Private,                  // 172.16/12
        [192, 0, 0, _] => AddressKind.Reserved,                             // 192.0.0/24
        [192, 0, 2, _] or [198, 51, 100, _] or [203, 0, 113, _] => AddressKind.Reserved, // documentation
        [192, 168, ..] => AddressKind.Private,                              // 192.168/16
        [198, 18 or 19, ..] => AddressKind.Reserved,                        // benchmarking
        [>= 224, ..] => AddressKind.Reserved,                               // multicast, 240/4, broadcast
        _ => AddressKind.Public,
    };

    private static AddressKind ClassifyV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any)) return AddressKind.Reserved;
        if (address.IsIPv6LinkLocal) return AddressKind.LinkLocal;
        if (address.IsIPv6Multicast || address.IsIPv6SiteLocal) return AddressKind.Reserved;
        if (address.Equals(AwsMetadataV6)) return AddressKind.LinkLocal;  // a metadata service, though unique-local by prefix
        var b = address.GetAddressBytes();
        if ((b[0] & 0xFE) == 0xFC) return AddressKind.Private;              // fc00::/7 unique-local
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return AddressKind.Reserved; // 2001:db8::/32 documentation
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) return AddressKind.Reserved; // 64:ff9b::/96 NAT64 (could hide v4 targets)
        return AddressKind.Public;
    }
}
