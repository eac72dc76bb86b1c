using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Infrastructure;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Seeding;

namespace NotifyBridge.Bench;

/// <summary>A SQLite data directory with one million seeded events, created once and reused.</summary>
public static class BenchDatabase
{
    public const long EventCount = 1_000_000;

    public static async Task<(ServiceProvider Services, string OwnerId)> OpenAsync()
    {
        var directory = Environment.GetEnvironmentVariable("NB_BENCH_DATA") ?? "/tmp/nb-bench-1m";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = directory,
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddInfrastructure(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var owner = await users.FindAsync("bench@example.test");
        if (owner is null)
        {
            var (result, created) = await users.CreateAsync("bench@example.test", "Passw0rd-bench", Roles.Admin);
            if (!result.Succeeded) throw new InvalidOperationException(result.ErrorText);
            owner = created!;
        }
        await using var db = await services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        if (await db.Events.CountAsync(e => e.OwnerId == owner.Id) < EventCount)
        {
            Console.WriteLine($"Seeding {EventCount:N0} events into {directory} …");
            var report = await services.GetRequiredService<EventSeeder>().SeedAsync(owner.Id, EventCount, 6, 30, CancellationToken.None);
            Console.WriteLine($"Seeded in {report.Elapsed.TotalSeconds:0.0} s.");
        }
        return (services, owner.Id);
    }
}
