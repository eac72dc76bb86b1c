using System.Net;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Web.Cli;

namespace NotifyBridge.Tests.Web;

/// <summary>The operator commands, run in-process against a real database of each kind.</summary>
public abstract class CliTests : IDisposable
{
    private readonly NotifyBridgeAppFactory _app;

    protected CliTests(NotifyBridgeAppFactory app) => _app = app;

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await NotifyBridgeCli.RunAsync(args, output, error, _app.Configuration().ToList());
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Migrate_AppliesOnce_ThenHasNothingToDo()
    {
        var first = await RunAsync("migrate");
        Assert.Equal(0, first.Exit);
        Assert.Matches(@"Applied \d+ migration\(s\)", first.Out);

        var second = await RunAsync("migrate");
        Assert.Equal(0, second.Exit);
        Assert.Contains("Database is up to date.", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAdmin_ThenCreateToken_TokenAuthenticatesTheApi()
    {
        var admin = await RunAsync("create-admin", "--email", "ops@example.test", "--password", "Passw0rd-ops");
        Assert.Equal(0, admin.Exit);
        Assert.Contains("Created admin ops@example.test.", admin.Out, StringComparison.Ordinal);

        var token = await RunAsync("create-token", "--email", "ops@example.test", "--name", "deploy");
        Assert.Equal(0, token.Exit);
        var plain = token.Out.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("nbt_", plain, StringComparison.Ordinal);

        await _app.WaitUntilReadyAsync();
        using var client = _app.CreateApiClient(plain);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task CreateAdmin_Twice_FailsWithMessage()
    {
        Assert.Equal(0, (await RunAsync("create-admin", "--email", "ops@example.test", "--password", "Passw0rd-ops")).Exit);
        var again = await RunAsync("create-admin", "--email", "ops@example.test", "--password", "Passw0rd-ops");
        Assert.Equal(1, again.Exit);
        Assert.Contains("Could not create admin", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAdmin_WithWeakPassword_FailsWithMessage()
    {
        var weak = await RunAsync("create-admin", "--email", "ops@example.test", "--password", "short");
        Assert.Equal(1, weak.Exit);
        Assert.Contains("at least 8", weak.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPassword_GeneratesAndPrintsOne_UnknownEmailFails()
    {
        Assert.Equal(0, (await RunAsync("create-admin", "--email", "ops@example.test", "--password", "Passw0rd-ops")).Exit);
        var reset = await RunAsync("reset-password", "--email", "ops@example.test");
        Assert.True(reset.Exit == 0, reset.Err);
        var newPassword = reset.Out.Split("New password: ")[1].Trim();

        await _app.WaitUntilReadyAsync();
        using var browser = _app.CreateBrowserClient();
        using var signIn = await BrowserForms.SignInAsync(browser, "ops@example.test", newPassword);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);

        var unknown = await RunAsync("reset-password", "--email", "nobody@example.test");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("No user", unknown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateToken_ForUnknownUser_Fails()
    {
        var result = await RunAsync("create-token", "--email", "nobody@example.test", "--name", "x");
        Assert.Equal(1, result.Exit);
        Assert.Contains("No user with email", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRequiredOption_FailsWithUsage()
    {
        var result = await RunAsync("create-admin", "--email", "ops@example.test");
        Assert.NotEqual(0, result.Exit);
        Assert.Contains("--password", result.Err + result.Out, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _app.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteCliTests() : CliTests(NotifyBridgeAppFactory.ForSqlite());

[Collection(PostgresCollection.Name)]
public sealed class PostgresCliTests(PostgresCluster cluster) : CliTests(NotifyBridgeAppFactory.ForPostgres(cluster));
