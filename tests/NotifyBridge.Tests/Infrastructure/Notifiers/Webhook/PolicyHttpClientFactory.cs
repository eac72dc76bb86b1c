using NotifyBridge.Domain.Settings;
using NotifyBridge.Infrastructure.Net;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Webhook;

/// <summary>
/// The "outbound" client as OutboundHttp builds it (policy-checked connect, no redirects),
/// with the policy held in memory instead of the settings table, so notifier tests need no database.
/// </summary>
internal sealed class PolicyHttpClientFactory : IHttpClientFactory, IDisposable
{
    private readonly SocketsHttpHandler _handler;

    public PolicyHttpClientFactory(TimeSpan? timeout = null)
    {
        Timeout = timeout ?? OutboundHttp.RequestTimeout;
        _handler = new SocketsHttpHandler
        {
            ConnectCallback = new PolicyCheckedConnector(_ => ValueTask.FromResult(Policy)).ConnectAsync,
            ConnectTimeout = OutboundHttp.ConnectTimeout,
            AllowAutoRedirect = false,
        };
    }

    public OutboundNetworkPolicy Policy { get; set; } = OutboundNetworkPolicy.AllowPrivateNetworks;

    public TimeSpan Timeout { get; }

    public List<string> RequestedNames { get; } = [];

    public HttpClient CreateClient(string name)
    {
        RequestedNames.Add(name);
        return new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout };
    }

    public void Dispose() => _handler.Dispose();
}
