using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Infrastructure.Identity;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure;

public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("nb-gate");
    private ServiceProvider _services = null!;
    private string _ownerId = "";

    public async Task InitializeAsync()
    {
        _services = InfrastructureServices.ForSqlite(_data.Path);
        await _services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await using var scope = _services.CreateAsyncScope();
        var (result, user) = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("gate@example.test", "Passw0rd-gate", Roles.User);
        Assert.True(result.Succeeded, result.ErrorText);
        _ownerId = user!.Id;
    }

    [Fact]
    public async Task ConcurrentWriters_AllSucceed_NoneSeesBusy()
    {
        var factory = _services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>();
        const int writers = 16, writesEach = 25;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < writesEach; i++)
            {
                await using var db = await factory.CreateDbContextAsync();
                if (i % 5 == 0)
                {
                    // Explicit transactions (BEGIN IMMEDIATE) mixed with plain SaveChanges.
                    await using var tx = await db.Database.BeginTransactionAsync();
                    db.ApiTokens.Add(NewToken($"{w}-{i}"));
                    await db.SaveChangesAsync();
                    await tx.CommitAsync();
                }
                else
                {
                    db.ApiTokens.Add(NewToken($"{w}-{i}"));
                    await db.SaveChangesAsync();
                }
            }
        })));

        await using var check = await factory.CreateDbContextAsync();
        Assert.Equal(writers * writesEach, await check.ApiTokens.CountAsync());
    }

    [Fact]
    public async Task TransactionDisposedWithoutCommit_ReleasesTheGate()
    {
        var factory = _services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>();
        await using (var abandoned = await factory.CreateDbContextAsync())
        {
            await using var tx = await abandoned.Database.BeginTransactionAsync();
            abandoned.ApiTokens.Add(NewToken("abandoned"));
            await abandoned.SaveChangesAsync();
            // disposed without commit or rollback
        }

        await using var next = await factory.CreateDbContextAsync();
        next.ApiTokens.Add(NewToken("next"));
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await next.SaveChangesAsync(quick.Token);
        Assert.Equal(["next"], await next.ApiTokens.Select(t => t.Name).ToListAsync());
    }

    private ApiToken NewToken(string name)
    {
        var plain = ApiTokenSecret.Generate();
        return new ApiToken { OwnerId = _ownerId, Name = name, TokenHash = ApiTokenSecret.Hash(plain), Prefix = ApiTokenSecret.DisplayPrefix(plain), CreatedAt = DateTime.UtcNow };
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
