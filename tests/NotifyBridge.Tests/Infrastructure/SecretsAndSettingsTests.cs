using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Security;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure;

public sealed class SecretsAndSettingsTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("nb-secrets");
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = InfrastructureServices.ForSqlite(_data.Path);
        await _services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    [Fact]
    public void Secrets_RoundTrip_AreNotPlainText_AndKeyRingLivesInDataDirectory()
    {
        var protector = _services.GetRequiredService<ISecretProtector>();
        var stored = protector.Protect("hunter2-api-key");
        Assert.DoesNotContain("hunter2", stored, StringComparison.Ordinal);
        Assert.Equal("hunter2-api-key", protector.Unprotect(stored));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_data.Path, "keys"), "key-*.xml"));
    }

    [Fact]
    public void Secrets_SurviveARestart_WithTheSameDataDirectory()
    {
        var stored = _services.GetRequiredService<ISecretProtector>().Protect("persisted");
        using var restarted = InfrastructureServices.ForSqlite(_data.Path);
        Assert.Equal("persisted", restarted.GetRequiredService<ISecretProtector>().Unprotect(stored));
    }

    [Fact]
    public async Task Settings_Defaults_Save_AndCacheIsReplaced()
    {
        var settings = _services.GetRequiredService<AppSettingsService>();
        var current = await settings.GetAsync(CancellationToken.None);
        Assert.Equal("UTC", current.TimeZoneId);
        Assert.Equal(30, current.RetentionDays);

        AppSettings? seen = null;
        settings.Changed += s => seen = s;
        current.TimeZoneId = "Europe/Berlin";
        current.RetentionDays = 0;
        current.DefaultLocale = "de";
        await settings.SaveAsync(current, CancellationToken.None);

        Assert.Equal("Europe/Berlin", seen?.TimeZoneId);
        Assert.Equal("Europe/Berlin", (await settings.GetTimeZoneAsync(CancellationToken.None)).Id);
        using var fresh = InfrastructureServices.ForSqlite(_data.Path);
        var reloaded = await fresh.GetRequiredService<AppSettingsService>().GetAsync(CancellationToken.None);
        Assert.Equal(0, reloaded.RetentionDays);
        Assert.Equal("de", reloaded.DefaultLocale);
    }

    [Fact]
    public async Task Settings_Invalid_AreRejected_AndNothingIsStored()
    {
        var settings = _services.GetRequiredService<AppSettingsService>();
        var proposed = await settings.GetAsync(CancellationToken.None);
        proposed.TimeZoneId = "Mars/Olympus";
        proposed.RetentionDays = -1;
        var error = await Assert.ThrowsAsync<SettingsValidationException>(() => settings.SaveAsync(proposed, CancellationToken.None));
        Assert.Contains(nameof(AppSettings.TimeZoneId), error.Errors.Keys);
        Assert.Contains(nameof(AppSettings.RetentionDays), error.Errors.Keys);
        Assert.Equal("UTC", (await settings.GetAsync(CancellationToken.None)).TimeZoneId);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
