using System.Net;
using NotifyBridge.Domain.Net;
using NotifyBridge.Domain.Settings;

namespace NotifyBridge.Tests.Domain;

public sealed class OutboundAddressRulesTests
{
    [Theory]
    [InlineData("8.8.8.8", AddressKind.Public)]
    [InlineData("1.1.1.1", AddressKind.Public)]
    [InlineData("2606:4700:4700::1111", AddressKind.Public)]
    [InlineData("10.1.2.3", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("172.32.0.1", AddressKind.Public)]
    [InlineData("192.168.1.10", AddressKind.Private)]
    [InlineData("100.64.0.1", AddressKind.Private)]
    [InlineData("fd12:3456::1", AddressKind.Private)]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.8.9.1", AddressKind.Loopback)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("169.254.169.254", AddressKind.LinkLocal)]
    [InlineData("169.254.1.1", AddressKind.LinkLocal)]
    [InlineData("fe80::1", AddressKind.LinkLocal)]
    [InlineData("fd00:ec2::254", AddressKind.LinkLocal)]
    [InlineData("::ffff:169.254.169.254", AddressKind.LinkLocal)]
    [InlineData("::ffff:192.168.0.1", AddressKind.Private)]
    [InlineData("0.0.0.0", AddressKind.Reserved)]
    [InlineData("::", AddressKind.Reserved)]
    [InlineData("224.0.0.1", AddressKind.Reserved)]
    [InlineData("255.255.255.255", AddressKind.Reserved)]
    [InlineData("192.0.2.10", AddressKind.Reserved)]
    [InlineData("2001:db8::1", AddressKind.Reserved)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressKind.Reserved)]
    public void Classify_KnowsTheRanges(string address, AddressKind expected) =>
        Assert.Equal(expected, OutboundAddressRules.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8", true, true)]
    [InlineData("192.168.1.10", true, false)]
    [InlineData("127.0.0.1", true, false)]
    [InlineData("169.254.169.254", false, false)]
    [InlineData("fe80::1", false, false)]
    [InlineData("0.0.0.0", false, false)]
    public void IsAllowed_FollowsThePolicy_MetadataNever(string address, bool withPrivate, bool publicOnly)
    {
        var ip = IPAddress.Parse(address);
        Assert.Equal(withPrivate, OutboundAddressRules.IsAllowed(ip, OutboundNetworkPolicy.AllowPrivateNetworks));
        Assert.Equal(publicOnly, OutboundAddressRules.IsAllowed(ip, OutboundNetworkPolicy.PublicOnly));
        Assert.Equal(publicOnly, OutboundAddressRules.RefusalReason(ip, OutboundNetworkPolicy.PublicOnly) is null);
    }
}
