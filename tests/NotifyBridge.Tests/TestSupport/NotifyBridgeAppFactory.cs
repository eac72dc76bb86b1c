using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>
/// The real app in-process on a real database: a fresh SQLite file in a temp data
/// directory, or a fresh database in the test PostgreSQL cluster.
/// </summary>
public sealed class NotifyBridgeAppFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _dataDirectory = new("nb-app");

    public NotifyBridgeAppFactory(DatabaseProvider provider, string? connectionString = null)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public DatabaseProvider Provider { get; }
    public string? ConnectionString { get; }
    public string DataDirectory => _dataDirectory.Path;

    /// <summary>Extra configuration, applied on top of the defaults.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public static NotifyBridgeAppFactory ForSqlite() => new(DatabaseProvider.Sqlite);

    public static NotifyBridgeAppFactory ForPostgres(PostgresCluster cluster) =>
        new(DatabaseProvider.Postgres, cluster.ConnectionStringFor(PostgresCluster.NewDatabaseName()));

    public IEnumerable<KeyValuePair<string, string?>> Configuration()
    {
        yield return new("Database:Provider", Provider.ToString());
        if (ConnectionString is not null) yield return new("Database:ConnectionString", ConnectionString);
        yield return new("Storage:DataDirectory", DataDirectory);
        foreach (var setting in Settings) yield return setting;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Configuration()) builder.UseSetting(key, value);
    }

    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/api/ready", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK) return;
            var readiness = Services.GetRequiredService<DatabaseReadiness>();
            if (readiness.State == ReadinessState.Failed)
                throw new InvalidOperationException($"App failed to start: {readiness.FailureReason}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The app did not become ready within 60 s.");
            await Task.Delay(20);
        }
    }

    public async Task<ApplicationUser> CreateUserAsync(string email, string role = Roles.User, string password = "Passw0rd-test")
    {
        await using var scope = Services.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(email, password, role);
        Assert.True(result.Succeeded, result.ErrorText);
        return user!;
    }

    public async Task<string> CreateTokenAsync(string userId, string name = "test")
    {
        var created = await Services.GetRequiredService<ApiTokenService>().CreateAsync(userId, name, null, CancellationToken.None);
        return created.PlainText;
    }

    public HttpClient CreateApiClient(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _dataDirectory.Dispose();
    }
}
