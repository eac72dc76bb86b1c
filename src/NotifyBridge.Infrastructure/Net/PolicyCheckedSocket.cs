using System.Net;
using System.Net.Sockets;
using NotifyBridge.Domain.Net;
using NotifyBridge.Domain.Settings;

namespace NotifyBridge.Infrastructure.Net;

/// <summary>
/// The outbound network policy for clients that are not HttpClient (MailKit's SmtpClient does
/// its own DNS and connect, so the "outbound" handler never sees it). Same rule as
/// <see cref="PolicyCheckedConnector"/>: resolve once, keep only the allowed addresses, connect to
/// exactly those, so a DNS answer that changes between check and connect cannot reach a refused
/// address. The caller layers TLS on the returned socket and validates the certificate against
/// the host name it was given, not the address.
/// </summary>
public static class PolicyCheckedSocket
{
    /// <summary>
    /// A connected TCP socket to the first allowed address of <paramref name="host"/> that answers.
    /// </summary>
    /// <exception cref="OutboundRequestRefusedException">No address may be reached under the policy (nothing was connected).</exception>
    /// <exception cref="SocketException">DNS failed or every allowed address refused or timed out.</exception>
    public static async Task<Socket> ConnectAsync(string host, int port, OutboundNetworkPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var addresses = await ResolveAllowedAsync(host, policy, cancellationToken).ConfigureAwait(false);

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The addresses of <paramref name="host"/> the policy allows, resolved once; throws when there are none.</summary>
    /// <exception cref="OutboundRequestRefusedException">The host resolved only to refused addresses, or to none.</exception>
    public static async Task<IReadOnlyList<IPAddress>> ResolveAllowedAsync(string host, OutboundNetworkPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(a => OutboundAddressRules.IsAllowed(a, policy)).ToList();
        if (allowed.Count > 0) return allowed;

        var reasons = string.Join("; ", addresses.Select(a => OutboundAddressRules.RefusalReason(a, policy)).Distinct());
        throw new OutboundRequestRefusedException(addresses.Length == 0
            ? $"'{host}' did not resolve to any address."
            : $"Refused to connect to '{host}': {reasons}. An admin can change the outbound network policy on the Settings page.");
    }
}
