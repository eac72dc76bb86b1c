using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Web.Templates;

/// <summary><c>/api/v1/templates</c> on the real app: admin only, 400 with the parser's line for a bad body, preview.</summary>
public abstract class TemplateApiTests : AppTestBase
{
    private async Task<HttpClient> AdminAsync()
    {
        var admin = await App.CreateUserAsync("admin@example.test", Roles.Admin);
        return App.CreateApiClient(await App.CreateTokenAsync(admin.Id));
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Templates_AreAdminOnly()
    {
        var user = await App.CreateUserAsync("user@example.test");
        using var client = App.CreateApiClient(await App.CreateTokenAsync(user.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Url("/api/v1/templates"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync(Url("/api/v1/templates/push/en"), new { body = "x" })).StatusCode);
        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Url("/api/v1/templates"))).StatusCode);
    }

    [Fact]
    public async Task List_HasEveryNameAndLocale_WithDefaultsInForce()
    {
        using var client = await AdminAsync();
        var list = await client.GetFromJsonAsync<JsonElement>(Url("/api/v1/templates"));
        Assert.Equal((EventTypes.Known.Count + 4) * 2, list.GetArrayLength());
        var push = list.EnumerateArray().Single(t => t.GetProperty("eventType").GetString() == "push" && t.GetProperty("locale").GetString() == "de");
        Assert.True(push.GetProperty("isDefault").GetBoolean());
        Assert.Equal(0, push.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Put_SavesAVersion_Get_ShowsIt_Delete_ResetsToDefault()
    {
        using var client = await AdminAsync();
        using (var put = await client.PutAsJsonAsync(Url("/api/v1/templates/push/de"), new { body = "Push von {{ event.actor }}" }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var saved = await put.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, saved.GetProperty("version").GetInt32());
            Assert.False(saved.GetProperty("isDefault").GetBoolean());
        }
        (await client.PutAsJsonAsync(Url("/api/v1/templates/push/de"), new { body = "Push v2" })).Dispose();

        var current = await client.GetFromJsonAsync<JsonElement>(Url("/api/v1/templates/push/de"));
        Assert.Equal("Push v2", current.GetProperty("body").GetString());
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Contains("gepusht", current.GetProperty("defaultBody").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/api/v1/templates/push/de"))).StatusCode);
        var reset = await client.GetFromJsonAsync<JsonElement>(Url("/api/v1/templates/push/de"));
        Assert.True(reset.GetProperty("isDefault").GetBoolean());
        Assert.Equal(reset.GetProperty("defaultBody").GetString(), reset.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Put_TemplateThatDoesNotParse_Is400WithTheLine_AndNothingIsStored()
    {
        using var client = await AdminAsync();
        using var response = await client.PutAsJsonAsync(Url("/api/v1/templates/push/en"), new { body = "<b>ok</b>\n{% if event.actor %}\nno end" });
        var problem = await ProblemAsync(response);
        Assert.Equal(3, problem.GetProperty("line").GetInt32());
        Assert.StartsWith("Line 3, column ", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("endif", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await using var db = await App.Services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.MessageTemplates.CountAsync());
    }

    [Theory]
    [InlineData("/api/v1/templates/Push/en", "eventType")]
    [InlineData("/api/v1/templates/push/fr", "locale")]
    public async Task BadNameOrLocale_Is400WithAClearMessage(string path, string field)
    {
        using var client = await AdminAsync();
        var problem = await ProblemAsync(await client.GetAsync(Url(path)));
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty(field)[0].GetString()!);
    }

    [Fact]
    public async Task Put_WithoutBody_Is400()
    {
        using var client = await AdminAsync();
        var problem = await ProblemAsync(await client.PutAsJsonAsync(Url("/api/v1/templates/push/en"), new { }));
        Assert.Equal("body is required.", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task Preview_RendersAgainstTheSample_OrARealEvent()
    {
        using var client = await AdminAsync();
        using (var sample = await client.PostAsJsonAsync(Url("/api/v1/templates/preview"), new { body = "<b>{{ event.actor }}</b> & {{ event.type_name }}", eventType = "push", locale = "de" }))
        {
            Assert.Equal(HttpStatusCode.OK, sample.StatusCode);
            var preview = await sample.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("<b>alice</b> &amp; Push", preview.GetProperty("html").GetString());
            Assert.Equal("alice & Push", preview.GetProperty("text").GetString());
            Assert.Equal("alice & Push", preview.GetProperty("title").GetString());
        }

        var admin = (await App.Services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NotifyBridge.Infrastructure.Identity.ApplicationUser>>().FindByEmailAsync("admin@example.test"))!;
        long eventId;
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync())
        {
            var entry = new EventLogEntry { OwnerId = admin.Id, ProviderName = "Forge", EventType = "push", Title = "Real <push>", Actor = "dora", CreatedAt = DateTime.UtcNow };
            db.Events.Add(entry);
            await db.SaveChangesAsync();
            eventId = entry.Id;
        }
        var real = await (await client.PostAsJsonAsync(Url("/api/v1/templates/preview"), new { body = "{{ event.actor }}: {{ event.title }}", eventType = "push", locale = "en", eventId }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("dora: Real &lt;push&gt;", real.GetProperty("html").GetString());

        var missing = await ProblemAsync(await client.PostAsJsonAsync(Url("/api/v1/templates/preview"), new { body = "x", eventType = "push", locale = "en", eventId = eventId + 1000 }));
        Assert.Contains("was not found", missing.GetProperty("errors").GetProperty("eventId")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_OfATemplateThatDoesNotParse_Is400WithTheLine()
    {
        using var client = await AdminAsync();
        var problem = await ProblemAsync(await client.PostAsJsonAsync(Url("/api/v1/templates/preview"), new { body = "line one\n{{ event.title | }}", eventType = "push", locale = "en" }));
        Assert.Equal(2, problem.GetProperty("line").GetInt32());
    }
}

public sealed class SqliteTemplateApiTests : TemplateApiTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForSqlite();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTemplateApiTests(PostgresCluster cluster) : TemplateApiTests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForPostgres(cluster);
}
