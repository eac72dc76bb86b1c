using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NotifyBridge.Bench;

/// <summary>
/// The receiving end for the delivery benchmark, in its own process so its CPU is not counted
/// as ours: answers every POST with 200 and counts them; GET /count returns the total, GET
/// /count/hooks only NotifyBridge's deliveries (paths under /hook/), not the forwarder's.
/// </summary>
public static class DeliverySink
{
    private static long _count;
    private static long _hooks;

    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/count", () => Interlocked.Read(ref _count).ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.MapGet("/count/hooks", () => Interlocked.Read(ref _hooks).ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.MapPost("/{**path}", async (HttpRequest request, string path) =>
        {
            // Read the body like a real receiver would.
            using var reader = new StreamReader(request.Body);
            await reader.ReadToEndAsync().ConfigureAwait(false);
            Interlocked.Increment(ref _count);
            if (path.StartsWith("hook/", StringComparison.Ordinal)) Interlocked.Increment(ref _hooks);
            return Results.Text("ok");
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
