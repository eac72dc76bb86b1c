using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Tests.TestSupport.Admin;

/// <summary>
/// The real app (like <see cref="AppTestBase"/>) with <see cref="AdminFakes"/> in place of the
/// notifiers, the renderer and the getMe check, so "Send test" and "add bot" are scriptable.
/// </summary>
public abstract class AdminAppTestBase : IAsyncLifetime
{
    private NotifyBridgeAppFactory? _factory;
    private WebApplicationFactory<Program>? _app;

    protected WebApplicationFactory<Program> App => _app ?? throw new InvalidOperationException("Not initialised.");

    protected abstract NotifyBridgeAppFactory CreateFactory();

    protected T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        _factory = CreateFactory();
        _app = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(AdminFakes.Replace));
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync(new Uri("/api/ready", UriKind.Relative))).StatusCode != HttpStatusCode.OK)
        {
            if (Get<DatabaseReadiness>().State == ReadinessState.Failed) throw new InvalidOperationException(Get<DatabaseReadiness>().FailureReason);
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The app did not become ready within 60 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>A new user and an API client carrying a token of theirs.</summary>
    protected async Task<(string UserId, HttpClient Client)> SignUpAsync(string email)
    {
        string userId;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var (result, user) = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(email, "Passw0rd-test", "User");
            Assert.True(result.Succeeded, result.ErrorText);
            userId = user!.Id;
        }
        var token = await Get<ApiTokenService>().CreateAsync(userId, "test", null, CancellationToken.None);
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.PlainText);
        return (userId, client);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_factory is not null) await _factory.DisposeAsync();
    }
}
