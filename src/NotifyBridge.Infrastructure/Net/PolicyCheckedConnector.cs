using System.Net;
using System.Net.Sockets;
using NotifyBridge.Domain.Net;
using NotifyBridge.Domain.Settings;

namespace NotifyBridge.Infrastructure.Net;

/// <summary>
/// The connect step of every outbound HTTP client: resolve the host once, keep only the
/// addresses the outbound network policy allows, and connect to exactly those. Because the
/// check and the connection use the same resolved address, a DNS answer that changes
/// between "check" and "connect" (DNS rebinding) cannot smuggle a request to a refused
/// address. TLS still verifies the certificate against the requested host name.
/// </summary>
public sealed class PolicyCheckedConnector(Func<CancellationToken, ValueTask<OutboundNetworkPolicy>> policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var current = await policy(cancellationToken).ConfigureAwait(false);

        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(a => OutboundAddressRules.IsAllowed(a, current)).ToList();
        if (allowed.Count == 0)
        {
            var reasons = string.Join("; ", addresses.Select(a => OutboundAddressRules.RefusalReason(a, current)).Distinct());
            throw new OutboundRequestRefusedException(addresses.Length == 0
                ? $"'{host}' did not resolve to any address."
                : $"Refused to connect to '{host}': {reasons}. An admin can change the outbound network policy on the Settings page.");
        }

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
        }
        throw new HttpRequestException($"Could not connect to '{host}:{port}': {last?.Message}", last);
    }
}

/// <summary>An outbound request the network policy refused before any connection was made (permanent, not retried).</summary>
public sealed class OutboundRequestRefusedException(string message) : HttpRequestException(message);
