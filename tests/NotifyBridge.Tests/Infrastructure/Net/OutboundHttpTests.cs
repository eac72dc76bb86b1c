using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Infrastructure.Net;

namespace NotifyBridge.Tests.Infrastructure.Net;

/// <summary>The outbound connect step against a real HTTP server on loopback.</summary>
public sealed class OutboundHttpTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private int _port;
    private OutboundNetworkPolicy _policy = OutboundNetworkPolicy.AllowPrivateNetworks;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/", () => "pong");
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
    }

    private HttpClient Client() => new(new SocketsHttpHandler
    {
        ConnectCallback = new PolicyCheckedConnector(_ => ValueTask.FromResult(_policy)).ConnectAsync,
        AllowAutoRedirect = false,
    });

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task AllowPrivateNetworks_ReachesTheLanAndLoopback(string host)
    {
        using var client = Client();
        Assert.Equal("pong", await client.GetStringAsync(new Uri($"http://{host}:{_port}/")));
    }

    [Fact]
    public async Task PublicOnly_RefusesLoopback_BeforeConnecting_WithAClearReason()
    {
        _policy = OutboundNetworkPolicy.PublicOnly;
        using var client = Client();
        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync(new Uri($"http://127.0.0.1:{_port}/")));
        Assert.Contains("private network", FullMessage(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://0.0.0.0/")]
    public async Task MetadataAndLinkLocal_AreRefusedUnderEveryPolicy(string url)
    {
        using var client = Client();
        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync(new Uri(url)));
        Assert.Contains("Refused to connect", FullMessage(error), StringComparison.Ordinal);
    }

    private static string FullMessage(Exception error)
    {
        var text = "";
        for (Exception? e = error; e is not null; e = e.InnerException) text += e.Message + " | ";
        return text;
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
