using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Web.Webhooks;

/// <summary>The inbound webhook endpoint end to end, on each database.</summary>
public abstract class WebhookTests : AppTestBase
{
    protected const string Secret = "s3cret-for-tests";

    private string _owner = "";

    protected async Task<ProviderView> CreateProviderAsync(ProviderType type, string name = "Forge", string? settingsJson = null, string? ownerId = null)
    {
        if (_owner.Length == 0) _owner = (await App.CreateUserAsync("owner@example.test", Roles.Admin)).Id;
        return await App.Services.GetRequiredService<ProviderService>()
            .CreateAsync(ownerId ?? _owner, new ProviderInput(name, type, SettingsJson: settingsJson, WebhookSecret: Secret), CancellationToken.None);
    }

    protected string Owner => _owner;

    protected static string PathOf(ProviderView provider) => $"/api/webhooks/{provider.WebhookSlug}";

    protected async Task<IReadOnlyList<EventRow>> EventsAsync(string? ownerId = null) =>
        (await App.Services.GetRequiredService<EventLogQuery>().PageAsync(ownerId ?? _owner, new EventFilter(), null, 200, CancellationToken.None)).Items;

    [Fact]
    public async Task GiteaPush_WithValidSignature_IsStoredAndCounted()
    {
        var provider = await CreateProviderAsync(ProviderType.Gitea);
        using var client = App.CreateClient();
        using var response = await client.SendAsync(GiteaFixture.Load("push").SignedWith(Secret).ToRequest(PathOf(provider)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var eventId = body.GetProperty("eventId").GetInt64();
        var stored = Assert.Single(await EventsAsync());
        Assert.Equal(eventId, stored.Id);
        Assert.Equal("push", stored.EventType);
        Assert.Equal(provider.Id, stored.ProviderId);
        var counts = await App.Services.GetRequiredService<EventLogQuery>().ProviderCountsAsync(Owner, CancellationToken.None);
        Assert.Equal(1, Assert.Single(counts).EventCount);
        Assert.Single(await App.Services.GetRequiredService<ProviderService>().RecentPayloadsAsync(Owner, provider.Id, 20, CancellationToken.None));
    }

    [Fact]
    public async Task RepeatedDelivery_Returns200_AndStoresNothingNew()
    {
        var provider = await CreateProviderAsync(ProviderType.Gitea);
        using var client = App.CreateClient();
        var fixture = GiteaFixture.Load("issues_opened").SignedWith(Secret);
        using var first = await client.SendAsync(fixture.ToRequest(PathOf(provider)));
        using var second = await client.SendAsync(fixture.ToRequest(PathOf(provider)));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var again = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetInt64(), again.GetProperty("eventId").GetInt64());
        Assert.Single(await EventsAsync());
        Assert.Equal(1, (await App.Services.GetRequiredService<EventLogQuery>().ProviderCountsAsync(Owner, CancellationToken.None))[0].EventCount);
    }

    [Fact]
    public async Task InvalidSignature_Is401_AndNothingIsStored()
    {
        var provider = await CreateProviderAsync(ProviderType.Gitea);
        using var client = App.CreateClient();
        using var wrongSecret = await client.SendAsync(GiteaFixture.Load("push").ToRequest(PathOf(provider)));
        using var tampered = await client.SendAsync(GiteaFixture.Load("push").SignedWith(Secret)
            .WithBody(Encoding.UTF8.GetBytes("{\"tampered\":true}")).ToRequest(PathOf(provider)));
        using var missing = await client.SendAsync(GiteaFixture.Load("push").WithHeader("X-Gitea-Signature", "").ToRequest(PathOf(provider)));

        Assert.All([wrongSecret, tampered, missing], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal("application/problem+json", wrongSecret.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await EventsAsync());
        Assert.Empty(await App.Services.GetRequiredService<ProviderService>().RecentPayloadsAsync(Owner, provider.Id, 20, CancellationToken.None));
    }

    [Fact]
    public async Task UnknownOrDisabledSlug_Is404()
    {
        var provider = await CreateProviderAsync(ProviderType.Gitea);
        using var client = App.CreateClient();
        using var unknown = await client.SendAsync(GiteaFixture.Load("push").SignedWith(Secret).ToRequest("/api/webhooks/doesnotexist"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await App.Services.GetRequiredService<ProviderService>().UpdateAsync(Owner, provider.Id,
            new ProviderInput(provider.Name, provider.Type, Enabled: false), CancellationToken.None);
        using var disabled = await client.SendAsync(GiteaFixture.Load("push").SignedWith(Secret).ToRequest(PathOf(provider)));
        Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task MalformedJson_Is400NamingTheProblem_AndNoEvent()
    {
        var provider = await CreateProviderAsync(ProviderType.Gitea);
        using var client = App.CreateClient();
        var broken = GiteaFixture.Load("push").WithBody(Encoding.UTF8.GetBytes("{\"ref\": \"refs/heads/main\",\n  \"commits\": [ }")).SignedWith(Secret);
        using var response = await client.SendAsync(broken.ToRequest(PathOf(provider)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("line", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await EventsAsync());
        var logged = Assert.Single(await App.Services.GetRequiredService<ProviderService>().RecentPayloadsAsync(Owner, provider.Id, 20, CancellationToken.None));
        Assert.Equal(400, logged.StatusCode);
    }

    [Fact]
    public async Task UnsupportedGiteaEvent_Is202_AndNoEvent()
    {
        var provider = await CreateProviderAsync(ProviderType.Gitea);
        using var client = App.CreateClient();
        using var response = await client.SendAsync(GiteaFixture.Load("push").WithHeader("X-Gitea-Event", "wiki").SignedWith(Secret).ToRequest(PathOf(provider)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task HomeAssistant_JsonWithBearerToken_BecomesAnEvent_WrongTokenIs401()
    {
        var provider = await CreateProviderAsync(ProviderType.HomeAssistant, "Home");
        using var client = App.CreateClient();
        using var ok = new HttpRequestMessage(HttpMethod.Post, new Uri(PathOf(provider), UriKind.Relative))
        {
            Content = new StringContent("""{"title":"Front door","message":"The front door was opened","data":{"priority":"high"}}""", Encoding.UTF8, "application/json"),
        };
        ok.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Secret);
        using var accepted = await client.SendAsync(ok);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        using var viaQuery = await client.GetAsync(new Uri($"{PathOf(provider)}?token={Secret}&message=Washing+machine+done", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, viaQuery.StatusCode);

        using var wrong = await client.PostAsync(new Uri($"{PathOf(provider)}?token=nope", UriKind.Relative),
            new StringContent("""{"message":"x"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var events = await EventsAsync();
        Assert.Equal(2, events.Count);
        Assert.Contains(events, e => e.Title.Contains("Front door", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Summary.Contains("Washing machine done", StringComparison.Ordinal) || e.Title.Contains("Washing machine done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generic_MapsConfiguredFields()
    {
        var provider = await CreateProviderAsync(ProviderType.GenericWebhook, "Uptime",
            """{"titlePath":"alert.name","messagePath":"alert.details[0].text","urlPath":"links.dashboard","eventTypePath":"kind"}""");
        using var client = App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(PathOf(provider), UriKind.Relative))
        {
            Content = new StringContent("""{"kind":"monitor_down","alert":{"name":"API is down","details":[{"text":"HTTP 502 from api.example.org"}]},"links":{"dashboard":"https://status.example.org/api"}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Webhook-Token", Secret);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var stored = Assert.Single(await EventsAsync());
        Assert.Equal("API is down", stored.Title);
        Assert.Contains("HTTP 502", stored.Summary, StringComparison.Ordinal);
        Assert.Equal("https://status.example.org/api", stored.Url);
        Assert.Equal("monitor_down", stored.EventType);
    }

    [Fact]
    public async Task EventsApi_IsIsolatedPerOwner_AndFilters()
    {
        var gitea = await CreateProviderAsync(ProviderType.Gitea);
        var bob = await App.CreateUserAsync("bob@example.test");
        var bobsProvider = await CreateProviderAsync(ProviderType.Gitea, "Bob's forge", ownerId: bob.Id);
        using var client = App.CreateClient();
        foreach (var name in new[] { "push", "issues_opened", "release_published" })
            (await client.SendAsync(GiteaFixture.Load(name).SignedWith(Secret).ToRequest(PathOf(gitea)))).Dispose();
        (await client.SendAsync(GiteaFixture.Load("push").SignedWith(Secret).ToRequest(PathOf(bobsProvider)))).Dispose();

        using var alice = App.CreateApiClient(await App.CreateTokenAsync(Owner));
        using var bobApi = App.CreateApiClient(await App.CreateTokenAsync(bob.Id));

        var all = await alice.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/events", UriKind.Relative));
        Assert.Equal(3, all.GetProperty("items").GetArrayLength());
        var bobs = await bobApi.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/events", UriKind.Relative));
        Assert.Equal(1, bobs.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await bobApi.GetAsync(new Uri($"/api/v1/providers/{gitea.Id}", UriKind.Relative))).StatusCode);
        var aliceEventId = all.GetProperty("items")[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NotFound, (await bobApi.GetAsync(new Uri($"/api/v1/events/{aliceEventId}", UriKind.Relative))).StatusCode);

        var pushes = await alice.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/events?type=push", UriKind.Relative));
        Assert.Equal("push", Assert.Single(pushes.GetProperty("items").EnumerateArray()).GetProperty("eventType").GetString());

        var page1 = await alice.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/events?limit=2", UriKind.Relative));
        Assert.Equal(2, page1.GetProperty("items").GetArrayLength());
        var cursor = page1.GetProperty("nextCursor").GetInt64();
        var page2 = await alice.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/events?limit=2&before={cursor}", UriKind.Relative));
        Assert.Equal(1, page2.GetProperty("items").GetArrayLength());

        var oldest = await alice.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/events?sort=oldest&limit=1", UriKind.Relative));
        Assert.Equal("push", oldest.GetProperty("items")[0].GetProperty("eventType").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await alice.GetAsync(new Uri("/api/v1/events?limit=0", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ProvidersApi_CreatesWithUrlAndSecret_ThatTheSenderCanUse_AndValidates()
    {
        var owner = await App.CreateUserAsync("api@example.test");
        using var api = App.CreateApiClient(await App.CreateTokenAsync(owner.Id));

        using var invalid = await api.PostAsJsonAsync(new Uri("/api/v1/providers", UriKind.Relative), new { name = "", type = "teapot" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("type", out _));

        using var badMapping = await api.PostAsJsonAsync(new Uri("/api/v1/providers", UriKind.Relative),
            new { name = "Generic", type = "generic_webhook", settings = new { titlePath = "a[" } });
        Assert.Equal(HttpStatusCode.BadRequest, badMapping.StatusCode);

        using var created = await api.PostAsJsonAsync(new Uri("/api/v1/providers", UriKind.Relative), new { name = "Forge", type = "gitea" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var provider = await created.Content.ReadFromJsonAsync<JsonElement>();
        var url = new Uri(provider.GetProperty("webhookUrl").GetString()!);
        var secret = provider.GetProperty("webhookSecret").GetString()!;
        Assert.Equal(64, secret.Length);

        using var client = App.CreateClient();
        using var delivered = await client.SendAsync(GiteaFixture.Load("push").SignedWith(secret).ToRequest(url.AbsolutePath));
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);

        var listed = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/providers", UriKind.Relative));
        var row = Assert.Single(listed.EnumerateArray());
        Assert.Equal(1, row.GetProperty("eventCount").GetInt64());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("webhookSecret").ValueKind);

        var id = provider.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync(new Uri($"/api/v1/providers/{id}", UriKind.Relative))).StatusCode);
        using var afterDelete = await client.SendAsync(GiteaFixture.Load("push").SignedWith(secret).ToRequest(url.AbsolutePath));
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Single((await App.Services.GetRequiredService<EventLogQuery>().PageAsync(owner.Id, new EventFilter(), null, 10, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Search_FindsByTitleAndCollection_NotOtherOwners()
    {
        var gitea = await CreateProviderAsync(ProviderType.Gitea);
        var bob = await App.CreateUserAsync("bob@example.test");
        var bobsProvider = await CreateProviderAsync(ProviderType.Gitea, "Bob's forge", ownerId: bob.Id);
        using var client = App.CreateClient();
        (await client.SendAsync(GiteaFixture.Load("push").SignedWith(Secret).ToRequest(PathOf(gitea)))).Dispose();
        (await client.SendAsync(GiteaFixture.Load("release_published").SignedWith(Secret).ToRequest(PathOf(gitea)))).Dispose();
        (await client.SendAsync(GiteaFixture.Load("release_published").SignedWith(Secret).ToRequest(PathOf(bobsProvider)))).Dispose();

        var query = App.Services.GetRequiredService<EventLogQuery>();
        var all = await EventsAsync();
        var release = all.Single(e => e.EventType == "release_published");
        var word = release.CollectionName!.Split('/', '-', '_')[^1];
        var found = await query.PageAsync(Owner, new EventFilter(Search: word.ToUpperInvariant()), null, 50, CancellationToken.None);
        Assert.Contains(found.Items, e => e.Id == release.Id);
        Assert.All(found.Items, e => Assert.Equal(gitea.Id, e.ProviderId));

        var none = await query.PageAsync(Owner, new EventFilter(Search: "zzzqqqnothing"), null, 50, CancellationToken.None);
        Assert.Empty(none.Items);
        var syntax = await query.PageAsync(Owner, new EventFilter(Search: "\"unbalanced OR ( AND *"), null, 50, CancellationToken.None);
        Assert.NotNull(syntax);
    }
}

public sealed class SqliteWebhookTests : WebhookTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForSqlite();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresWebhookTests(PostgresCluster cluster) : WebhookTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForPostgres(cluster);
}
