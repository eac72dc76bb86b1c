using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Infrastructure.Settings;

namespace NotifyBridge.Infrastructure.Net;

/// <summary>
/// The one outbound HTTP setup (notifiers, pollers): a named client whose handler connects
/// through <see cref="PolicyCheckedConnector"/>, with bounded timeouts and no automatic
/// redirects (a redirect is an answer for the caller to judge, not something to follow blindly).
/// </summary>
public static class OutboundHttp
{
    public const string ClientName = "outbound";

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddOutboundHttp(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client => client.Timeout = RequestTimeout)
            // No per-request log lines: every delivery's outcome is stored with the delivery, and
            // the factory's logging handlers cost CPU on each send even when filtered out.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var settings = sp.GetRequiredService<AppSettingsService>();
                var connector = new PolicyCheckedConnector(async ct => (await settings.GetAsync(ct).ConfigureAwait(false)).OutboundNetworkPolicy);
                return new SocketsHttpHandler
                {
                    ConnectCallback = connector.ConnectAsync,
                    ConnectTimeout = ConnectTimeout,
                    AllowAutoRedirect = false,
                    // The policy is checked per connection: a tightened policy applies to new
                    // connections at once and to pooled ones within this lifetime.
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    AutomaticDecompression = System.Net.DecompressionMethods.All,
                };
            });
        return services;
    }
}
