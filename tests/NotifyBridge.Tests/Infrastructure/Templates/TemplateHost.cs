using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Infrastructure.Templates;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Templates;

/// <summary>
/// The infrastructure container on a migrated temp SQLite file with a fake clock (at the
/// samples' time), for template tests. One per test class that stores nothing, or per test.
/// </summary>
public sealed class TemplateHost : IAsyncLifetime
{
    private readonly TempDirectory _data = new("nb-templates");

    public ServiceProvider Services { get; private set; } = null!;
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(TemplateSamples.At));

    public FluidMessageRenderer Renderer => Services.GetRequiredService<FluidMessageRenderer>();
    public TemplateService Templates => Services.GetRequiredService<TemplateService>();
    public AppSettingsService Settings => Services.GetRequiredService<AppSettingsService>();

    public async Task InitializeAsync()
    {
        Services = InfrastructureServices.ForSqlite(_data.Path, s => s.AddSingleton<TimeProvider>(Clock));
        await Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    public async Task SetTimeZoneAndLocaleAsync(string timeZoneId, string defaultLocale)
    {
        var settings = await Settings.GetAsync(CancellationToken.None);
        settings.TimeZoneId = timeZoneId;
        settings.DefaultLocale = defaultLocale;
        await Settings.SaveAsync(settings, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }
}
