using Microsoft.Extensions.Options;
using NotifyBridge.Domain.Ingest;
using NotifyBridge.Infrastructure.Ingest;

namespace NotifyBridge.Web.Endpoints;

/// <summary>
/// <c>/api/webhooks/{slug}</c>: where Gitea, Home Assistant and generic senders deliver.
/// POST and PUT carry a body; GET is accepted because Home Assistant's notify.rest and
/// rest_command default to it (fields in the query string). A 2xx means the event is
/// committed; errors are problem details and store nothing.
/// </summary>
internal static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/api/webhooks/{slug}", [HttpMethods.Post, HttpMethods.Put, HttpMethods.Get], HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithTags("Webhooks")
            .WithSummary("Receive a webhook for the provider with this slug (authenticated by its secret).");
    }

    private static async Task<IResult> HandleAsync(string slug, HttpContext http, WebhookIngestService service, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxBodyBytes;
        if (http.Request.ContentLength > max) return TooLarge(max);
        var body = await ReadBodyAsync(http.Request, max, ct).ConfigureAwait(false);
        if (body is null) return TooLarge(max);

        var request = new InboundRequest
        {
            Method = http.Request.Method,
            Headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = body,
        };
        var outcome = await service.HandleAsync(slug, request, ct).ConfigureAwait(false);

        if (outcome.RetryAfter is { } wait)
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return outcome.StatusCode switch
        {
            200 => Results.Ok(new WebhookAccepted(outcome.EventId, outcome.Duplicate, outcome.Duplicate ? "duplicate" : "stored")),
            202 => Results.Json(new WebhookAccepted(null, false, "ignored", outcome.Detail), statusCode: 202),
            _ => Results.Problem(statusCode: outcome.StatusCode, title: outcome.Title, detail: outcome.Detail),
        };
    }

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is larger (chunked bodies have no Content-Length).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static IResult TooLarge(int max) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large",
            detail: $"The body is larger than the {max:N0} bytes this server accepts (Webhooks:MaxBodyBytes).");

    internal sealed record WebhookAccepted(long? EventId, bool Duplicate, string Status, string? Detail = null);
}
