using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Discord;

/// <summary>Reads an Execute Webhook answer into a <see cref="SendResult"/>. Pure: the caller passes the clock.</summary>
public static class DiscordResponse
{
    /// <summary>
    /// Success for 2xx (the receipt is the message id with <c>wait=true</c>); otherwise Failed with
    /// Discord's own message, classified by status (404 Unknown Webhook and 401 Invalid Webhook Token
    /// permanent, 429 and 5xx transient). Every result carries the bucket state from the headers.
    /// </summary>
    public static SendResult Read(int status, string? reasonPhrase, HttpResponseHeaders headers, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var rateLimit = ReadRateLimit(headers);
        using var json = TryParse(body);
        var answer = json?.RootElement is { ValueKind: JsonValueKind.Object } root ? root : (JsonElement?)null;
        if (status is >= 200 and <= 299)
        {
            var receipt = answer?.TryGetProperty("id", out var id) == true && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            return SendResult.Success(status, receipt, rateLimit);
        }
        var error = answer?.TryGetProperty("message", out var text) == true && text.ValueKind == JsonValueKind.String
            ? DescribeError(answer.Value)
            : DescribeHttp(status, reasonPhrase, body);
        TimeSpan? retryAfter = null;
        if (status == 429)
        {
            var fromBody = answer?.TryGetProperty("retry_after", out var seconds) == true && seconds.ValueKind == JsonValueKind.Number
                ? RetryHint.FromDiscordSeconds(seconds.GetDouble()) : null;
            var fromHeader = RetryHint.FromRetryAfterHeader(First(headers, "Retry-After"), now);
            retryAfter = RetryHint.Choose([fromBody, fromHeader]);
        }
        return SendResult.Failed(status, error, retryAfter, rateLimit);
    }

    /// <summary><c>X-RateLimit-Remaining</c> and <c>X-RateLimit-Reset-After</c> (float seconds); null unless both are readable.</summary>
    public static RateLimitState? ReadRateLimit(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!int.TryParse(First(headers, "X-RateLimit-Remaining"), NumberStyles.None, CultureInfo.InvariantCulture, out var remaining)) return null;
        if (!double.TryParse(First(headers, "X-RateLimit-Reset-After"), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var resetAfter)
            || !double.IsFinite(resetAfter))
            return null;
        // Whole milliseconds: "64.57" is 64 570 ms, not the nearest binary double.
        return new RateLimitState(remaining, TimeSpan.FromMilliseconds(Math.Round(Math.Min(resetAfter, RetryHint.DefaultCap.TotalSeconds) * 1000)));
    }

    /// <summary>
    /// Discord's error text: "Invalid Webhook Token (code 50027)"; a form error lists each field:
    /// "Invalid Form Body (code 50035): embeds.0.description: Must be 4096 or fewer in length."
    /// </summary>
    public static string DescribeError(JsonElement error)
    {
        var text = new StringBuilder(error.GetProperty("message").GetString());
        if (error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt64(out var number) && number != 0)
            text.Append(CultureInfo.InvariantCulture, $" (code {number})");
        if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            var details = new List<string>();
            CollectFieldErrors(errors, "", details);
            if (details.Count > 0) text.Append(": ").AppendJoin("; ", details);
        }
        return text.ToString();
    }

    private static void CollectFieldErrors(JsonElement node, string path, List<string> details)
    {
        foreach (var property in node.EnumerateObject())
        {
            if (property.NameEquals("_errors") && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in property.Value.EnumerateArray())
                {
                    var message = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("message", out var m) ? m.GetString() : entry.ToString();
                    details.Add(path.Length == 0 ? message ?? "" : $"{path}: {message}");
                }
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                CollectFieldErrors(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", details);
            }
        }
    }

    /// <summary>A non-JSON answer (a proxy's error page, Cloudflare's "error code: 1015"): status, reason and the start of the body.</summary>
    public static string DescribeHttp(int status, string? reasonPhrase, string body)
    {
        var text = $"HTTP {status.ToString(CultureInfo.InvariantCulture)}{(string.IsNullOrWhiteSpace(reasonPhrase) ? "" : " " + reasonPhrase)}";
        var snippet = (body ?? "").Trim();
        if (snippet.Length > 300) snippet = snippet[..300] + "…";
        return snippet.Length == 0 ? text : $"{text}: {snippet}";
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static JsonDocument? TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
