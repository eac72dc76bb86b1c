using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Infrastructure.Notifiers.Telegram;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Tests.TestSupport.Fakes.Telegram;
using static NotifyBridge.Tests.Infrastructure.Notifiers.Telegram.TelegramTestKit;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Telegram;

/// <summary>No answer at all, and answers refused by the outbound network policy, through the app's real "outbound" client.</summary>
public sealed class TelegramNotifierNetworkTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("nb-telegram");
    private ServiceProvider _services = null!;
    private FakeTelegramBotApi _api = null!;

    public async Task InitializeAsync()
    {
        _services = InfrastructureServices.ForSqlite(_data.Path, services => services.AddTelegramNotifier());
        await _services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        _api = await FakeTelegramBotApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public async Task SendAsync_ApiDown_IsNoResponseThenDeliversWhenItIsBack()
    {
        var notifier = _services.GetRequiredService<TelegramNotifier>();
        var target = Target(_api, "100000001");
        await _api.StopAsync();

        var down = await notifier.SendAsync(target, Message(), Attempt("down"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, down.Outcome);
        Assert.Null(down.HttpStatus);
        Assert.StartsWith("Could not reach the Bot API: ", down.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeTelegramBotApi.DefaultToken, down.Error, StringComparison.Ordinal);

        await _api.RestartAsync();
        var back = await notifier.SendAsync(target, Message(), Attempt("down"), CancellationToken.None);
        Assert.True(back.Succeeded, back.Error);
        Assert.Single(_api.Messages);
    }

    [Fact]
    public async Task SendAsync_RefusedByNetworkPolicy_IsPermanentWithThePolicyMessage()
    {
        var settings = _services.GetRequiredService<AppSettingsService>();
        var current = await settings.GetAsync(CancellationToken.None);
        current.OutboundNetworkPolicy = OutboundNetworkPolicy.PublicOnly;
        await settings.SaveAsync(current, CancellationToken.None);

        var result = await _services.GetRequiredService<TelegramNotifier>()
            .SendAsync(Target(_api, "100000001"), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("Refused to connect to '127.0.0.1'", result.Error, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task SendAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _services.GetRequiredService<TelegramNotifier>().SendAsync(Target(_api, "100000001"), Message(), Attempt(), cancelled.Token));
    }
}
