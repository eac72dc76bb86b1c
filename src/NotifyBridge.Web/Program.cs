using NotifyBridge.Web.Cli;
using NotifyBridge.Web.Startup;

// One executable, two faces: `NotifyBridge.Web migrate|create-admin|reset-password|create-token`
// runs an operator command and exits; anything else starts the server.
if (NotifyBridgeCli.IsCommand(args))
    return await NotifyBridgeCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);

var builder = WebApplication.CreateBuilder(args);
builder.AddNotifyBridgeServices();

var app = builder.Build();
if (DataDirectoryCheck.Problem(app.Configuration) is { } problem)
{
    await Console.Error.WriteLineAsync(problem).ConfigureAwait(false);
    return 78; // EX_CONFIG
}
app.UseNotifyBridgePipeline();
app.MapNotifyBridgeEndpoints();

await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
