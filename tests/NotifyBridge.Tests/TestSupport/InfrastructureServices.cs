using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NotifyBridge.Infrastructure;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>The infrastructure container without the web host, over a given configuration.</summary>
public static class InfrastructureServices
{
    public static ServiceProvider Create(IEnumerable<KeyValuePair<string, string?>> settings, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddInfrastructure(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static ServiceProvider ForSqlite(string dataDirectory, Action<IServiceCollection>? configure = null) =>
        Create([new("Database:Provider", "Sqlite"), new("Storage:DataDirectory", dataDirectory)], configure);
}
