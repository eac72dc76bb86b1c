using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Net;

namespace NotifyBridge.Infrastructure.Notifiers.Webhook;

/// <summary>
/// Sends a notification as a JSON request to the target's URL: the message's PayloadJson, or
/// what the target's Liquid body template makes of it, signed per <see cref="WebhookSignature"/>.
/// Goes through the "outbound" HttpClient, so the network policy and timeouts apply.
/// </summary>
public sealed class WebhookNotifier(IHttpClientFactory httpClientFactory, LiquidJsonRenderer renderer, TimeProvider timeProvider) : INotifier
{
    /// <summary>How much of an error response's body is quoted in the delivery error.</summary>
    public const int ErrorBodyChars = 200;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public TargetType Type => TargetType.Webhook;

    /// <summary>One lane per target: requests to one receiver go out in order, and no shared rate applies.</summary>
    public DeliveryLane LaneFor(NotifierTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return new DeliveryLane($"webhook:{target.Id.ToString(CultureInfo.InvariantCulture)}");
    }

    public async Task<SendResult> SendAsync(NotifierTarget target, NotificationMessage message, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(attempt);
        if (target.Settings is not WebhookTargetSettings settings)
            return SendResult.Permanent($"Target {target.Id} has {target.Settings.GetType().Name}, not webhook settings.");
        if (!Uri.TryCreate(settings.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            return SendResult.Permanent($"The webhook URL '{settings.Url}' is not an absolute http or https URL.");
        if (MethodFor(settings.Method) is not { } method)
            return SendResult.Permanent($"Webhook method '{settings.Method}' is not supported; use POST, PUT or PATCH.");

        var body = message.PayloadJson;
        if (!string.IsNullOrWhiteSpace(settings.BodyTemplate))
        {
            var rendered = renderer.Render(settings.BodyTemplate, message.PayloadJson, message);
            if (!rendered.Succeeded) return SendResult.Permanent(rendered.Error!);
            body = rendered.Json!;
        }

        using var request = new HttpRequestMessage(method, url);
        if (BuildRequest(request, Encoding.UTF8.GetBytes(body), target.Secrets, attempt) is { } headerProblem)
            return SendResult.Permanent(headerProblem);

        var client = httpClientFactory.CreateClient(OutboundHttp.ClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return SendResult.NoResponse($"{url.Host} did not answer within {client.Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex)
        {
            // The connect callback's refusal may arrive wrapped by the handler.
            return FindRefusal(ex) is { } refused
                ? SendResult.Permanent(refused.Message)
                : SendResult.NoResponse(Describe(ex));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return SendResult.Success(status);

            var snippet = await ReadSnippetAsync(response, cancellationToken).ConfigureAwait(false);
            var error = $"HTTP {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}".TrimEnd();
            if (snippet.Length > 0) error += ": " + snippet;
            var retryAfter = response.Headers.TryGetValues("Retry-After", out var values)
                ? RetryHint.Choose([RetryHint.FromRetryAfterHeader(values.FirstOrDefault(), timeProvider.GetUtcNow())])
                : null;
            return SendResult.Failed(status, error, retryAfter);
        }
    }

    /// <summary>Body, custom headers, then our headers (so nothing custom can stand in for them). Returns a problem or null.</summary>
    private static string? BuildRequest(HttpRequestMessage request, byte[] body, TargetSecrets secrets, DeliveryAttempt attempt)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        request.Content = content;

        foreach (var (name, value) in secrets.Headers ?? new Dictionary<string, string>())
        {
            if (WebhookHeaders.Problem(name, value) is { } problem) return problem;
            if (WebhookHeaders.IsReserved(name)) continue;
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) content.Headers.Remove("Content-Type");
            if (!request.Headers.TryAddWithoutValidation(name, value) && !content.Headers.TryAddWithoutValidation(name, value))
                return $"Header '{name}' cannot be sent.";
        }

        var timestamp = attempt.Timestamp.ToUnixTimeSeconds();
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.DeliveryHeader, attempt.IdempotencyKey);
        if (!string.IsNullOrEmpty(secrets.SigningSecret))
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secrets.SigningSecret, timestamp, body));
        return null;
    }

    private static HttpMethod? MethodFor(string? method) => method?.Trim().ToUpperInvariant() switch
    {
        null or "" or "POST" => HttpMethod.Post,
        "PUT" => HttpMethod.Put,
        "PATCH" => HttpMethod.Patch,
        _ => null,
    };

    /// <summary>The start of the response body for the error text; reads at most a few KB of it.</summary>
    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // 4 bytes per char covers any UTF-8 text of ErrorBodyChars characters.
                var buffer = new byte[ErrorBodyChars * 4];
                var read = 0;
                int n;
                while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
                    read += n;
                var text = Encoding.UTF8.GetString(buffer, 0, read).Trim();
                if (text.Length <= ErrorBodyChars) return text;
                var cut = char.IsHighSurrogate(text[ErrorBodyChars - 1]) ? ErrorBodyChars - 1 : ErrorBodyChars;
                return text[..cut] + "…";
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "";
        }
    }

    private static OutboundRequestRefusedException? FindRefusal(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is OutboundRequestRefusedException refused) return refused;
        return null;
    }

    private static string Describe(HttpRequestException error)
    {
        var text = error.Message;
        if (error.InnerException is { Message: { Length: > 0 } inner } && !text.Contains(inner, StringComparison.Ordinal))
            text += " " + inner;
        return text;
    }
}
