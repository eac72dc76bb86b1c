using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Matrix;

/// <summary>Reads a homeserver's answer. Pure: the caller passes the clock.</summary>
public static class MatrixResponse
{
    /// <summary>
    /// Success for 2xx (the receipt is the <c>event_id</c>); otherwise Failed with "ERRCODE: error"
    /// (M_FORBIDDEN, M_UNKNOWN_TOKEN and other 4xx permanent; 429 M_LIMIT_EXCEEDED and 5xx
    /// transient). A 429 waits for the longer of <c>retry_after_ms</c> and <c>Retry-After</c>; either may be missing.
    /// </summary>
    public static SendResult Read(int status, string? reasonPhrase, HttpResponseHeaders headers, string body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var json = TryParse(body);
        var answer = json?.RootElement is { ValueKind: JsonValueKind.Object } root ? root : (JsonElement?)null;
        if (status is >= 200 and <= 299)
            return SendResult.Success(status, StringProperty(answer, "event_id"));

        var errcode = StringProperty(answer, "errcode");
        var error = errcode is null ? DescribeHttp(status, reasonPhrase, body) : Describe(errcode, StringProperty(answer, "error"));
        TimeSpan? retryAfter = null;
        if (status == 429 || errcode == "M_LIMIT_EXCEEDED")
        {
            var fromBody = answer?.TryGetProperty("retry_after_ms", out var ms) == true && ms.ValueKind == JsonValueKind.Number && ms.TryGetInt64(out var milliseconds)
                ? RetryHint.FromMatrixMilliseconds(milliseconds) : null;
            var fromHeader = RetryHint.FromRetryAfterHeader(headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null, now);
            retryAfter = RetryHint.Choose([fromBody, fromHeader]);
        }
        return SendResult.Failed(status, error, retryAfter);
    }

    /// <summary>"M_FORBIDDEN: User @bot:example.com not in room !abc:example.com".</summary>
    public static string Describe(string errcode, string? error) =>
        string.IsNullOrWhiteSpace(error) ? errcode : $"{errcode}: {error}";

    /// <summary>A non-JSON answer (a reverse proxy's error page): status, reason and the start of the body.</summary>
    public static string DescribeHttp(int status, string? reasonPhrase, string body)
    {
        var text = $"HTTP {status.ToString(CultureInfo.InvariantCulture)}{(string.IsNullOrWhiteSpace(reasonPhrase) ? "" : " " + reasonPhrase)}";
        var snippet = (body ?? "").Trim();
        if (snippet.Length > 300) snippet = snippet[..300] + "…";
        return snippet.Length == 0 ? text : $"{text}: {snippet}";
    }

    /// <summary>The room id from a directory answer (<c>{"room_id": "!abc:example.com", "servers": [...]}</c>).</summary>
    public static string? RoomIdOf(string body)
    {
        using var json = TryParse(body);
        return StringProperty(json?.RootElement is { ValueKind: JsonValueKind.Object } root ? root : null, "room_id");
    }

    private static string? StringProperty(JsonElement? element, string name) =>
        element?.TryGetProperty(name, out var value) == true && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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
