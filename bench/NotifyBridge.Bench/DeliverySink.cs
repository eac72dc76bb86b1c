using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NotifyBridge.Bench;

/// <summary>
/// The receiving end for the delivery benchmark, in its own process so its CPU is not counted
/// as ours: answers every POST with 200 and counts them; GET /count returns the total.
/// </summary>
public static class DeliverySink
{
    private static long _count;

    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/count", () => Interlocked.Read(ref _count).ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            // Read the body like a real receiver would.
            using var reader = new StreamReader(request.Body);
            await reader.ReadToEndAsync().ConfigureAwait(false);
            Interlocked.Increment(ref _count);
            return Results.Text("ok");
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
