using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers;
using NotifyBridge.Infrastructure.Notifiers.Email;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Tests.TestSupport.Fakes.Smtp;
using static NotifyBridge.Tests.Infrastructure.Notifiers.Email.EmailTestData;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Email;

/// <summary>The registered email notifier reads the admin's saved network policy.</summary>
public sealed class EmailRegistrationTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("nb-email");
    private ServiceProvider _services = null!;
    private FakeSmtpServer _smtp = null!;

    public async Task InitializeAsync()
    {
        _services = InfrastructureServices.ForSqlite(_data.Path, services =>
        {
            // AddInfrastructure may or may not register the notifiers yet; never twice.
            if (services.All(d => d.ServiceType != typeof(NotifierRegistry))) NotifierRegistry.AddNotifiers(services);
        });
        await _services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        _smtp = await FakeSmtpServer.StartAsync();
    }

    [Fact]
    public async Task RegisteredNotifier_Delivers_ThenHonoursASavedPublicOnlyPolicy()
    {
        var notifier = _services.GetRequiredService<NotifierRegistry>().Get(TargetType.Email);
        Assert.IsType<EmailNotifier>(notifier);
        var target = Target(new EmailTargetSettings(_smtp.Host, _smtp.Port, SmtpSecurity.None, null, "notify@example.org", ["anna@example.org"]));

        Assert.True((await notifier.SendAsync(target, Message(), Attempt(), CancellationToken.None)).Succeeded);

        var settings = _services.GetRequiredService<AppSettingsService>();
        var current = await settings.GetAsync(CancellationToken.None);
        current.OutboundNetworkPolicy = OutboundNetworkPolicy.PublicOnly;
        await settings.SaveAsync(current, CancellationToken.None);

        var refused = await notifier.SendAsync(target, Message(), Attempt("d-2"), CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Permanent, refused.Outcome);
        Assert.Single(_smtp.Messages);
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
