using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Infrastructure.Net;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Net;

/// <summary>The registered "outbound" client follows the admin's policy as soon as it is saved.</summary>
public sealed class OutboundHttpClientTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("nb-outbound");
    private Microsoft.Extensions.DependencyInjection.ServiceProvider _services = null!;
    private WebApplication _server = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        _services = InfrastructureServices.ForSqlite(_data.Path);
        await _services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/", () => "pong");
        await _server.StartAsync();
        _url = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    [Fact]
    public async Task OutboundClient_HonoursTheSavedPolicy()
    {
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        using (var client = factory.CreateClient(OutboundHttp.ClientName))
            Assert.Equal("pong", await client.GetStringAsync(_url));

        var settings = _services.GetRequiredService<AppSettingsService>();
        var current = await settings.GetAsync(CancellationToken.None);
        current.OutboundNetworkPolicy = OutboundNetworkPolicy.PublicOnly;
        await settings.SaveAsync(current, CancellationToken.None);

        // A pooled connection to the server may still be open: a new client handler is not
        // guaranteed, so ask for a fresh connection on a different loopback address form.
        using var after = factory.CreateClient(OutboundHttp.ClientName);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => after.GetStringAsync(new Uri($"http://localhost:{_url.Port}/")));
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
