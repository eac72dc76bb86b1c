using System.Net;
using Microsoft.Data.Sqlite;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Web;

public abstract class ProbeTests : AppTestBase
{
    [Fact]
    public async Task Health_And_Ready_Answer200_WhenStarted()
    {
        using var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/ready", UriKind.Relative))).StatusCode);
    }
}

public sealed class SqliteProbeTests : ProbeTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForSqlite();

    /// <summary>
    /// A migration that cannot finish (here: another process holds the SQLite write lock,
    /// as a long migration would) keeps readiness at 503 while liveness answers; once the
    /// lock is gone the app migrates and turns ready.
    /// </summary>
    [Fact]
    public async Task Ready_Is503_WhileMigrationIsBlocked_Health_Is200_ThenReady()
    {
        using var factory = NotifyBridgeAppFactory.ForSqlite();
        var path = Path.Combine(factory.DataDirectory, "notifybridge.db");
        await using var blocker = new SqliteConnection($"Data Source={path};Pooling=false");
        await blocker.OpenAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE; CREATE TABLE hold(x);";
            await begin.ExecuteNonQueryAsync();
        }

        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);
        using var notReady = await client.GetAsync(new Uri("/api/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        using var page = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        using var webhook = await client.PostAsync(new Uri("/api/webhooks/looks-like.json", UriKind.Relative), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, webhook.StatusCode);

        await using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }
        await factory.WaitUntilReadyAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/ready", UriKind.Relative))).StatusCode);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresProbeTests(PostgresCluster cluster) : ProbeTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForPostgres(cluster);
}
