using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NotifyBridge.E2E.Infrastructure;

/// <summary>The real app (real Kestrel socket, real SQLite file) with its data in a throwaway directory.</summary>
internal sealed class NotifyBridgeAppFactory(string dataDirectory, ServerLog log) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:DataDirectory", dataDirectory);
        // Few, quick retries: a failing delivery is dead within the step, not after ten backoffs.
        builder.UseSetting("Delivery:MaxAttempts", "2");
        builder.UseSetting("Delivery:RetryBaseDelay", "00:00:00.200");
        builder.ConfigureLogging(logging => logging.AddProvider(log));
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, DeliberateFailureStartupFilter>());
    }
}
