using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Web.Webhooks;

/// <summary>Body size, rate limit and payload-log cap, with small limits configured.</summary>
public abstract class WebhookLimitTests : AppTestBase
{
    protected const string Secret = "s3cret-for-tests";

    protected static NotifyBridgeAppFactory WithSmallLimits(NotifyBridgeAppFactory factory)
    {
        factory.Settings["Webhooks:MaxBodyBytes"] = "2048";
        factory.Settings["Webhooks:RateLimitBurst"] = "400";
        factory.Settings["Webhooks:RateLimitPerMinute"] = "60";
        factory.Settings["Webhooks:PayloadLogKeep"] = "5";
        factory.Settings["Webhooks:PayloadLogSlack"] = "3";
        return factory;
    }

    private async Task<(string Owner, ProviderView Provider)> GenericProviderAsync()
    {
        var owner = await App.CreateUserAsync("owner@example.test", Roles.Admin);
        var provider = await App.Services.GetRequiredService<ProviderService>()
            .CreateAsync(owner.Id, new ProviderInput("Generic", ProviderType.GenericWebhook, WebhookSecret: Secret), CancellationToken.None);
        return (owner.Id, provider);
    }

    protected static HttpRequestMessage Generic(ProviderView provider, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/webhooks/{provider.WebhookSlug}", UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Webhook-Token", Secret);
        return request;
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413_WithOrWithoutContentLength()
    {
        var (owner, provider) = await GenericProviderAsync();
        using var client = App.CreateClient();
        var big = $$"""{"title":"big","message":"{{new string('x', 4000)}}"}""";
        using var withLength = await client.SendAsync(Generic(provider, big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withLength.StatusCode);

        using var chunked = Generic(provider, "");
        chunked.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.TransferEncodingChunked = true;
        using var withoutLength = await client.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withoutLength.StatusCode);

        Assert.Empty((await App.Services.GetRequiredService<EventLogQuery>().PageAsync(owner, new EventFilter(), null, 10, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task PayloadLog_KeepsItsCap_UnderABurst_AndShowsTheNewest()
    {
        var (owner, provider) = await GenericProviderAsync();
        using var client = App.CreateClient();
        await Task.WhenAll(Enumerable.Range(0, 120).Select(async i =>
        {
            using var response = await client.SendAsync(Generic(provider, $$"""{"title":"burst {{i}}","message":"m"}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }));
        using (var last = await client.SendAsync(Generic(provider, """{"title":"the last one","message":"m"}""")))
            Assert.Equal(HttpStatusCode.OK, last.StatusCode);

        var service = App.Services.GetRequiredService<ProviderService>();
        var stored = await service.RecentPayloadsAsync(owner, provider.Id, 1000, CancellationToken.None);
        Assert.InRange(stored.Count, 5, 5 + 3);
        Assert.Contains("the last one", stored[0].Body, StringComparison.Ordinal);
        var events = await App.Services.GetRequiredService<EventLogQuery>().PageAsync(owner, new EventFilter(), null, 200, CancellationToken.None);
        Assert.Equal(121, events.Items.Count);
    }
}

public sealed class SqliteWebhookLimitTests : WebhookLimitTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => WithSmallLimits(NotifyBridgeAppFactory.ForSqlite());

    [Fact]
    public async Task RateLimit_Answers429WithRetryAfter_AndStoresNothing()
    {
        using var factory = NotifyBridgeAppFactory.ForSqlite();
        factory.Settings["Webhooks:RateLimitBurst"] = "3";
        factory.Settings["Webhooks:RateLimitPerMinute"] = "60";
        await factory.WaitUntilReadyAsync();
        var owner = await factory.CreateUserAsync("owner@example.test", Roles.Admin);
        var provider = await factory.Services.GetRequiredService<ProviderService>()
            .CreateAsync(owner.Id, new ProviderInput("Generic", ProviderType.GenericWebhook, WebhookSecret: Secret), CancellationToken.None);
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await client.SendAsync(Generic(provider, """{"title":"t","message":"m"}"""));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && limited is null) limited = response;
            else response.Dispose();
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.NotNull(limited!.Headers.RetryAfter);
        var stored = await factory.Services.GetRequiredService<EventLogQuery>().PageAsync(owner.Id, new EventFilter(), null, 50, CancellationToken.None);
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.OK), stored.Items.Count);
        limited.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresWebhookLimitTests(PostgresCluster cluster) : WebhookLimitTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => WithSmallLimits(NotifyBridgeAppFactory.ForPostgres(cluster));
}
