using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Tests.TestSupport.Admin;

namespace NotifyBridge.Tests.Web.Admin;

/// <summary><c>/api/v1/links</c> and <c>/api/v1/deliveries</c> on both databases.</summary>
public abstract class LinkAndDeliveryApiTests : AdminAppTestBase
{
    private static Uri At(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task Links_Crud_WithQuietHours()
    {
        var (_, client) = await SignUpAsync("owner@example.test");
        var (provider, target) = await ProviderAndTargetAsync(client);
        var link = new
        {
            providerId = provider, targetId = target, eventTypes = new[] { "push", "release_published" }, minSeverity = "normal",
            display = new { maxAssets = 3, includePeople = false }, locale = "de",
            quietHours = new { start = "22:00", end = "07:30", days = new[] { "fri", "saturday" }, nonDeferrable = "deliver", bypassSeverity = "critical", summaryMode = true },
            burstWindowSeconds = 60,
        };

        using var created = await client.PostAsJsonAsync(At("/api/v1/links"), link);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt64();
        var quiet = body.GetProperty("quietHours");
        Assert.Equal(("22:00", "07:30", "deliver", "critical"), (quiet.GetProperty("start").GetString(), quiet.GetProperty("end").GetString(),
            quiet.GetProperty("nonDeferrable").GetString(), quiet.GetProperty("bypassSeverity").GetString()));
        Assert.Equal(["friday", "saturday"], quiet.GetProperty("days").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(3, body.GetProperty("display").GetProperty("maxAssets").GetInt32());
        Assert.True(body.GetProperty("display").GetProperty("includeLinks").GetBoolean());
        Assert.Equal("Hook", body.GetProperty("target").GetString());

        using var cleared = await client.PutAsJsonAsync(At($"/api/v1/links/{id}"), new { providerId = provider, targetId = target, enabled = false });
        var updated = await cleared.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("quietHours").ValueKind);
        Assert.False(updated.GetProperty("enabled").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(At($"/api/v1/links/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(At($"/api/v1/links/{id}"))).StatusCode);
    }

    [Fact]
    public async Task Links_Invalid_Is400WithFieldErrors()
    {
        var (_, client) = await SignUpAsync("owner@example.test");
        var (provider, target) = await ProviderAndTargetAsync(client);

        using var response = await client.PostAsJsonAsync(At("/api/v1/links"), new
        {
            providerId = provider, targetId = target, locale = "xx", burstWindowSeconds = 7200, quietHours = new { start = "22:00" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["BurstWindowSeconds", "Locale", "QuietEnd"], errors.EnumerateObject().Select(p => p.Name).Order());

        using var badTime = await client.PostAsJsonAsync(At("/api/v1/links"), new { providerId = provider, targetId = target, quietHours = new { start = "10pm", end = "7", days = new[] { "funday" } } });
        var shapeErrors = (await badTime.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["quietHours.days", "quietHours.end", "quietHours.start"], shapeErrors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Deliveries_FilterPageCountAndRedeliver()
    {
        var (owner, client) = await SignUpAsync("owner@example.test");
        var (_, target) = await ProviderAndTargetAsync(client);
        var dead = await InsertDeliveryAsync(owner, target, DeliveryStatus.Dead, "HTTP 500: boom");
        await InsertDeliveryAsync(owner, target, DeliveryStatus.Delivered, null);
        var dead2 = await InsertDeliveryAsync(owner, target, DeliveryStatus.Dead, "timeout");

        var page = await client.GetFromJsonAsync<JsonElement>(At("/api/v1/deliveries?status=dead&limit=1"));
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal((dead2, "dead", "timeout", "Hook"), (item.GetProperty("id").GetInt64(), item.GetProperty("status").GetString(),
            item.GetProperty("lastError").GetString(), item.GetProperty("target").GetString()));
        var next = page.GetProperty("nextBefore").GetInt64();
        var older = await client.GetFromJsonAsync<JsonElement>(At($"/api/v1/deliveries?status=dead&before={next}&targetId={target}"));
        Assert.Equal([dead], older.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));

        var counts = await client.GetFromJsonAsync<JsonElement>(At("/api/v1/deliveries/counts"));
        Assert.Equal((2, 1, 0), (counts.GetProperty("dead").GetInt32(), counts.GetProperty("delivered").GetInt32(), counts.GetProperty("pending").GetInt32()));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(At("/api/v1/deliveries?status=lost"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(At($"/api/v1/deliveries/{dead}/redeliver"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(At($"/api/v1/deliveries/{dead}/redeliver"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(At("/api/v1/deliveries/4242/redeliver"), null)).StatusCode);

        var bulk = await (await client.PostAsync(At($"/api/v1/deliveries/redeliver-dead?targetId={target}"), null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, bulk.GetProperty("redelivered").GetInt32());
        // The app's delivery worker is woken and may already be sending (the fake notifiers succeed).
        counts = await client.GetFromJsonAsync<JsonElement>(At("/api/v1/deliveries/counts"));
        Assert.Equal(0, counts.GetProperty("dead").GetInt32());
        Assert.Equal(3, new[] { "pending", "sending", "delivered" }.Sum(s => counts.GetProperty(s).GetInt32()));

        var (_, stranger) = await SignUpAsync("stranger@example.test");
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>(At("/api/v1/deliveries"))).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync(At($"/api/v1/deliveries/{dead2}/redeliver"), null)).StatusCode);
    }

    private static async Task<(long Provider, long Target)> ProviderAndTargetAsync(HttpClient client)
    {
        using var provider = await client.PostAsJsonAsync(At("/api/v1/providers"), new { name = "Forge", type = "gitea" });
        using var target = await client.PostAsJsonAsync(At("/api/v1/targets"), new { name = "Hook", type = "webhook", settings = new { url = "http://127.0.0.1:9/x" } });
        Assert.Equal(HttpStatusCode.Created, target.StatusCode);
        return ((await provider.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64(),
            (await target.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
    }

    // Each with an event of its own, so the app's delivery worker can send it once redelivered.
    private async Task<long> InsertDeliveryAsync(string ownerId, long targetId, DeliveryStatus status, string? error)
    {
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        var now = DateTime.UtcNow;
        var entry = new EventLogEntry { OwnerId = ownerId, ProviderName = "Forge", EventType = "push", Title = "Pushed", CreatedAt = now };
        db.Events.Add(entry);
        await db.SaveChangesAsync();
        var delivery = new Delivery
        {
            EventId = entry.Id, TargetId = targetId, Status = status, Attempts = status == DeliveryStatus.Dead ? 8 : 1, LastError = error,
            IdempotencyKey = Delivery.NewIdempotencyKey(), NextAttemptAt = now, CreatedAt = now, UpdatedAt = now,
        };
        db.Deliveries.Add(delivery);
        await db.SaveChangesAsync();
        return delivery.Id;
    }
}

public sealed class SqliteLinkAndDeliveryApiTests : LinkAndDeliveryApiTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForSqlite();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLinkAndDeliveryApiTests(PostgresCluster cluster) : LinkAndDeliveryApiTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForPostgres(cluster);
}
