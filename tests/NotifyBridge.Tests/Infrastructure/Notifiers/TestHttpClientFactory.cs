using NotifyBridge.Domain.Settings;
using NotifyBridge.Infrastructure.Net;

namespace NotifyBridge.Tests.Infrastructure.Notifiers;

/// <summary>
/// An IHttpClientFactory for notifier tests without the app's container: a plain handler (no
/// redirects, like the "outbound" client), or one whose connect step applies a network policy.
/// </summary>
public sealed class TestHttpClientFactory : IHttpClientFactory, IDisposable
{
    private readonly SocketsHttpHandler _handler;

    public TestHttpClientFactory(OutboundNetworkPolicy? policy = null)
    {
        _handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (policy is { } p) _handler.ConnectCallback = new PolicyCheckedConnector(_ => ValueTask.FromResult(p)).ConnectAsync;
    }

    public string? LastName { get; private set; }

    public HttpClient CreateClient(string name)
    {
        LastName = name;
        return new HttpClient(_handler, disposeHandler: false) { Timeout = OutboundHttp.RequestTimeout };
    }

    public void Dispose() => _handler.Dispose();
}
