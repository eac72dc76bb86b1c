using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Infrastructure;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Web.Cli;

/// <summary>
/// Operator commands on the same executable: they read the same configuration (appsettings,
/// environment) as the server, apply pending migrations first, print one clear line and
/// exit non-zero on failure.
/// </summary>
public static class NotifyBridgeCli
{
    private static readonly string[] Commands = ["migrate", "create-admin", "reset-password", "create-token", "seed-events", "--help", "-h"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IEnumerable<KeyValuePair<string, string?>>? configurationOverrides = null)
    {
        var email = new Option<string>("--email") { Description = "Email address of the account", Required = true };
        var password = new Option<string>("--password") { Description = "Password (at least 8 characters)", Required = true };
        var newPassword = new Option<string?>("--password") { Description = "New password; a random one is generated and printed when omitted" };
        var name = new Option<string>("--name") { Description = "Name of the token, e.g. the script that uses it", Required = true };
        var expiresDays = new Option<int?>("--expires-days") { Description = "Days until the token expires (default: never)" };

        var migrate = new Command("migrate", "Apply pending database migrations and exit.");
        migrate.SetAction((_, ct) => RunAsync(configurationOverrides, output, error, ct, (_, _) => Task.FromResult(0)));

        var createAdmin = new Command("create-admin", "Create an admin account.") { email, password };
        createAdmin.SetAction((parse, ct) => RunAsync(configurationOverrides, output, error, ct, async (services, _) =>
        {
            var (result, user) = await services.GetRequiredService<UserAdministration>()
                .CreateAsync(parse.GetRequiredValue(email), parse.GetRequiredValue(password), Roles.Admin).ConfigureAwait(false);
            if (!result.Succeeded) return Fail(error, $"Could not create admin: {result.ErrorText}");
            await output.WriteLineAsync($"Created admin {user!.Email}.").ConfigureAwait(false);
            return 0;
        }));

        var resetPassword = new Command("reset-password", "Set a new password for an account (and lift any lockout).") { email, newPassword };
        resetPassword.SetAction((parse, ct) => RunAsync(configurationOverrides, output, error, ct, async (services, _) =>
        {
            var given = parse.GetValue(newPassword);
            var chosen = string.IsNullOrEmpty(given) ? GeneratePassword() : given;
            var result = await services.GetRequiredService<UserAdministration>()
                .ResetPasswordAsync(parse.GetRequiredValue(email), chosen).ConfigureAwait(false);
            if (!result.Succeeded) return Fail(error, $"Could not reset password: {result.ErrorText}");
            await output.WriteLineAsync(string.IsNullOrEmpty(given)
                ? $"Password of {parse.GetRequiredValue(email)} reset. New password: {chosen}"
                : $"Password of {parse.GetRequiredValue(email)} reset.").ConfigureAwait(false);
            return 0;
        }));

        var createToken = new Command("create-token", "Create a personal API token and print it (shown only once).") { email, name, expiresDays };
        createToken.SetAction((parse, ct) => RunAsync(configurationOverrides, output, error, ct, async (services, cancel) =>
        {
            var user = await services.GetRequiredService<UserAdministration>().FindAsync(parse.GetRequiredValue(email)).ConfigureAwait(false);
            if (user is null) return Fail(error, $"No user with email '{parse.GetRequiredValue(email)}'.");
            var days = parse.GetValue(expiresDays);
            DateTime? expires = days is > 0 ? services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(days.Value) : null;
            try
            {
                var created = await services.GetRequiredService<ApiTokenService>()
                    .CreateAsync(user.Id, parse.GetRequiredValue(name), expires, cancel).ConfigureAwait(false);
                await output.WriteLineAsync(created.PlainText).ConfigureAwait(false);
                return 0;
            }
            catch (ArgumentException ex)
            {
                return Fail(error, ex.Message);
            }
        }));

        var count = new Option<long>("--count") { Description = "How many events", DefaultValueFactory = _ => 1_000_000 };
        var providerCount = new Option<int>("--providers") { Description = "How many providers to spread them over", DefaultValueFactory = _ => 6 };
        var days = new Option<int>("--days") { Description = "Spread over this many past days", DefaultValueFactory = _ => 30 };
        var seedEvents = new Command("seed-events", "Fill the event log with synthetic events (load tests, benchmarks).") { email, count, providerCount, days };
        seedEvents.SetAction((parse, ct) => RunAsync(configurationOverrides, output, error, ct, async (services, cancel) =>
        {
            var user = await services.GetRequiredService<UserAdministration>().FindAsync(parse.GetRequiredValue(email)).ConfigureAwait(false);
            if (user is null) return Fail(error, $"No user with email '{parse.GetRequiredValue(email)}'.");
            if (parse.GetValue(count) is < 1 or > 100_000_000 || parse.GetValue(providerCount) is < 1 or > 100 || parse.GetValue(days) < 1)
                return Fail(error, "--count must be 1..100,000,000, --providers 1..100, --days at least 1.");
            var report = await services.GetRequiredService<Infrastructure.Seeding.EventSeeder>()
                .SeedAsync(user.Id, parse.GetValue(count), parse.GetValue(providerCount), parse.GetValue(days), cancel).ConfigureAwait(false);
            await output.WriteLineAsync($"Seeded {report.Events:N0} events over {report.Providers} providers in {report.Elapsed.TotalSeconds:0.0} s.").ConfigureAwait(false);
            return 0;
        }));

        var root = new RootCommand("NotifyBridge — run without arguments to start the server.") { migrate, createAdmin, resetPassword, createToken, seedEvents };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
    }

    private static async Task<int> RunAsync(
        IEnumerable<KeyValuePair<string, string?>>? configurationOverrides, TextWriter output, TextWriter error,
        CancellationToken cancellationToken, Func<IServiceProvider, CancellationToken, Task<int>> command)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = typeof(NotifyBridgeCli).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        if (configurationOverrides is not null) builder.Configuration.AddInMemoryCollection(configurationOverrides);
        builder.Services.AddInfrastructure(builder.Configuration);
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        try
        {
            var report = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(report.NothingToDo
                ? "Database is up to date."
                : $"Applied {report.Applied.Count} migration(s): {string.Join(", ", report.Applied)}.").ConfigureAwait(false);
            return await command(scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the CLI turns every failure into a message and exit code 1
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return Fail(error, $"Failed: {ex.Message}");
        }
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 1;
    }

    /// <summary>16 random characters that always satisfy the password rules (a digit and a lowercase letter).</summary>
    private static string GeneratePassword()
    {
        while (true)
        {
            var candidate = System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
            if (candidate.Any(char.IsDigit) && candidate.Any(char.IsLower)) return candidate;
        }
    }
}
