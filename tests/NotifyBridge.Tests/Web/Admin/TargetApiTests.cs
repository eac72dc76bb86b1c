using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Tests.TestSupport.Admin;

namespace NotifyBridge.Tests.Web.Admin;

/// <summary><c>/api/v1/targets</c> and <c>/api/v1/telegram-bots</c> on both databases.</summary>
public abstract class TargetApiTests : AdminAppTestBase
{
    private static readonly Uri Targets = new("/api/v1/targets", UriKind.Relative);
    private static readonly Uri Bots = new("/api/v1/telegram-bots", UriKind.Relative);

    private static Uri At(string path) => new(path, UriKind.Relative);

    private static object Discord(string name, string? url = "https://discord.com/api/webhooks/1/top-secret-token") => new
    {
        name,
        type = "discord",
        settings = new { username = "Bridge" },
        secrets = url is null ? null : new { webhookUrl = url },
    };

    [Fact]
    public async Task Crud_RoundTrip_NeverReturnsSecrets_AndPutWithoutSecretKeepsIt()
    {
        var (_, client) = await SignUpAsync("owner@example.test");

        using var created = await client.PostAsJsonAsync(Targets, Discord("Chat"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("top-secret-token", body, StringComparison.Ordinal);
        var target = JsonDocument.Parse(body).RootElement;
        var id = target.GetProperty("id").GetInt64();
        Assert.Equal("discord", target.GetProperty("type").GetString());
        Assert.True(target.GetProperty("secrets").GetProperty("webhookUrl").GetBoolean());
        Assert.Equal("Bridge", target.GetProperty("settings").GetProperty("username").GetString());
        Assert.Equal($"/api/v1/targets/{id}", created.Headers.Location?.OriginalString);

        using var put = await client.PutAsJsonAsync(At($"/api/v1/targets/{id}"), Discord("Chat renamed", url: null));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var updated = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Chat renamed", updated.GetProperty("name").GetString());
        Assert.True(updated.GetProperty("secrets").GetProperty("webhookUrl").GetBoolean());

        var list = await client.GetStringAsync(Targets);
        Assert.DoesNotContain("top-secret-token", list, StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse(list).RootElement.EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(At($"/api/v1/targets/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(At($"/api/v1/targets/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(At($"/api/v1/targets/{id}"))).StatusCode);
    }

    [Fact]
    public async Task Invalid_Is400WithFieldErrors()
    {
        var (_, client) = await SignUpAsync("owner@example.test");
        using var response = await client.PostAsJsonAsync(Targets, Discord("Chat", "https://example.org/not-discord"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("discord.com/api/webhooks", errors.GetProperty("WebhookUrl")[0].GetString(), StringComparison.Ordinal);

        using var badType = await client.PostAsJsonAsync(Targets, new { name = "X", type = "pager" });
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Contains("telegram, discord, email, matrix, webhook, broadcast",
            (await badType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("type")[0].GetString(), StringComparison.Ordinal);

        using var badSettings = await client.PostAsJsonAsync(Targets, new { name = "X", type = "email", settings = new { port = "many" } });
        Assert.Equal(HttpStatusCode.BadRequest, badSettings.StatusCode);
        Assert.True((await badSettings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("settings", out _));
    }

    [Fact]
    public async Task Broadcast_Cycle_Is400NamingTheLoop()
    {
        var (_, client) = await SignUpAsync("owner@example.test");
        var hook = await CreateAsync(client, new { name = "Hook", type = "webhook", settings = new { url = "http://127.0.0.1:9/x" } });
        var family = await CreateAsync(client, new { name = "Family", type = "broadcast", members = new[] { hook } });
        var everyone = await CreateAsync(client, new { name = "Everyone", type = "broadcast", members = new[] { family } });

        using var response = await client.PutAsJsonAsync(At($"/api/v1/targets/{family}"), new { name = "Family", type = "broadcast", members = new[] { hook, everyone } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("These members would make a loop: Family → Everyone → Family.",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("Members")[0].GetString());
    }

    [Fact]
    public async Task SendTest_ReportsTheExactUpstreamError_AndWorksForUnsavedTargets()
    {
        var (_, client) = await SignUpAsync("owner@example.test");
        var id = await CreateAsync(client, Discord("Chat"));
        Get<FakeNotifiers>().Respond = _ => SendResult.Failed(404, "Unknown Webhook");

        var saved = await (await client.PostAsync(At($"/api/v1/targets/{id}/test"), null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(saved.GetProperty("succeeded").GetBoolean());
        Assert.Equal("Unknown Webhook", saved.GetProperty("error").GetString());
        Assert.Equal(404, saved.GetProperty("httpStatus").GetInt32());

        Get<FakeNotifiers>().Respond = _ => SendResult.Success();
        using var unsaved = await client.PostAsJsonAsync(At("/api/v1/targets/test"), Discord("New"));
        Assert.Equal(HttpStatusCode.OK, unsaved.StatusCode);
        Assert.True((await unsaved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("succeeded").GetBoolean());

        // An edit of the saved target without its secret is tested with the stored one.
        using var edited = await client.PostAsJsonAsync(At($"/api/v1/targets/{id}/test"), Discord("Chat", url: null));
        Assert.True((await edited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("succeeded").GetBoolean());
        Assert.Equal("https://discord.com/api/webhooks/1/top-secret-token", Get<FakeNotifiers>().Sent.Last().Target.Secrets.WebhookUrl);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(At("/api/v1/targets/4242/test"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync(At("/api/v1/targets/test"), Discord("New", url: null))).StatusCode);
    }

    [Fact]
    public async Task OtherUsersTargets_Are404()
    {
        var (_, alice) = await SignUpAsync("alice@example.test");
        var (_, bob) = await SignUpAsync("bob@example.test");
        var id = await CreateAsync(alice, Discord("Chat"));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync(At($"/api/v1/targets/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PutAsJsonAsync(At($"/api/v1/targets/{id}"), Discord("Mine"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync(At($"/api/v1/targets/{id}/test"), null)).StatusCode);
        Assert.Equal("[]", await bob.GetStringAsync(Targets));
    }

    [Fact]
    public async Task TelegramBots_TokenIsChecked_NeverReturned_AndDeleteIsRefusedWhileUsed()
    {
        var (_, client) = await SignUpAsync("owner@example.test");
        using var refused = await client.PostAsJsonAsync(Bots, new { token = FakeTelegramBotCheck.UnknownToken });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(FakeTelegramBotCheck.RefusedError,
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("Token")[0].GetString());

        using var added = await client.PostAsJsonAsync(Bots, new { token = FakeTelegramBotCheck.GoodToken });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var body = await added.Content.ReadAsStringAsync();
        Assert.DoesNotContain("goodtoken", body, StringComparison.Ordinal);
        var bot = JsonDocument.Parse(body).RootElement;
        Assert.Equal("notify_test_bot", bot.GetProperty("username").GetString());
        var botId = bot.GetProperty("id").GetInt64();

        var target = await CreateAsync(client, new { name = "Phone", type = "telegram", telegramBotId = botId, settings = new { chatId = "-1001234567890", silent = true } });
        using var inUse = await client.DeleteAsync(At($"/api/v1/telegram-bots/{botId}"));
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("\"Phone\"", (await inUse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        await client.DeleteAsync(At($"/api/v1/targets/{target}"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(At($"/api/v1/telegram-bots/{botId}"))).StatusCode);
        Assert.Equal("[]", await client.GetStringAsync(Bots));
    }

    private static async Task<long> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(Targets, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }
}

public sealed class SqliteTargetApiTests : TargetApiTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForSqlite();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTargetApiTests(PostgresCluster cluster) : TargetApiTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForPostgres(cluster);
}
