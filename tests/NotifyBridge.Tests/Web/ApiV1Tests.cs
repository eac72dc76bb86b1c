using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Web;

public abstract class ApiV1Tests : AppTestBase
{
    [Fact]
    public async Task Me_WithoutToken_Is401ProblemDetails()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_WithGarbageToken_Is401()
    {
        using var client = App.CreateApiClient("nbt_" + new string('x', 43));
        using var response = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Me_WithToken_AnswersItsOwner()
    {
        var user = await App.CreateUserAsync("owner@example.test", Roles.Admin);
        using var client = App.CreateApiClient(await App.CreateTokenAsync(user.Id));
        var me = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal("owner@example.test", me.GetProperty("email").GetString());
        Assert.Equal(user.Id, me.GetProperty("id").GetString());
        Assert.Contains("Admin", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Token_IsStoredHashed_AndStopsWorkingWhenRevoked()
    {
        var user = await App.CreateUserAsync("owner@example.test");
        var tokens = App.Services.GetRequiredService<ApiTokenService>();
        var created = await tokens.CreateAsync(user.Id, "script", null, CancellationToken.None);
        Assert.DoesNotContain(created.PlainText, created.Token.TokenHash, StringComparison.Ordinal);
        Assert.Equal(ApiTokenSecret.Hash(created.PlainText), created.Token.TokenHash);

        using var client = App.CreateApiClient(created.PlainText);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);
        Assert.True(await tokens.RevokeAsync(user.Id, created.Token.Id, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Token_OfDisabledUser_Is401()
    {
        var admin = await App.CreateUserAsync("admin@example.test", Roles.Admin);
        var user = await App.CreateUserAsync("user@example.test");
        using var client = App.CreateApiClient(await App.CreateTokenAsync(user.Id));
        await using (var scope = App.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetDisabledAsync(user.Id, true, admin.Id)).Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Tokens_AreIsolatedBetweenUsers()
    {
        var alice = await App.CreateUserAsync("alice@example.test");
        var bob = await App.CreateUserAsync("bob@example.test");
        var tokens = App.Services.GetRequiredService<ApiTokenService>();
        var aliceToken = await tokens.CreateAsync(alice.Id, "alice", null, CancellationToken.None);

        Assert.Empty(await tokens.ListAsync(bob.Id, CancellationToken.None));
        Assert.False(await tokens.RevokeAsync(bob.Id, aliceToken.Token.Id, CancellationToken.None));
        Assert.Single(await tokens.ListAsync(alice.Id, CancellationToken.None));
    }

    [Fact]
    public async Task CreateToken_WithPastExpiryOrBlankName_IsRejected()
    {
        var user = await App.CreateUserAsync("owner@example.test");
        var tokens = App.Services.GetRequiredService<ApiTokenService>();
        await Assert.ThrowsAsync<ArgumentException>(() => tokens.CreateAsync(user.Id, "old", DateTime.UtcNow.AddDays(-1), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => tokens.CreateAsync(user.Id, "  ", null, CancellationToken.None));
        Assert.Empty(await tokens.ListAsync(user.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Token_ThatExpired_Is401()
    {
        var user = await App.CreateUserAsync("owner@example.test");
        var created = await App.Services.GetRequiredService<ApiTokenService>().CreateAsync(user.Id, "soon", DateTime.UtcNow.AddDays(1), CancellationToken.None);
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync())
        {
            await db.ApiTokens.Where(t => t.Id == created.Token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        }
        using var client = App.CreateApiClient(created.PlainText);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        using var client = App.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        Assert.True(doc.RootElement.GetProperty("paths").TryGetProperty("/api/v1/me", out _));
        Assert.True(doc.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiToken", out _));
    }

    [Fact]
    public async Task UnknownApiRoute_Is404ProblemDetails()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/v1/nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class SqliteApiV1Tests : ApiV1Tests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForSqlite();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresApiV1Tests(PostgresCluster cluster) : ApiV1Tests
{
    protected override NotifyBridgeAppFactory CreateFactory() => NotifyBridgeAppFactory.ForPostgres(cluster);
}
