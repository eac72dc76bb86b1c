using System.Globalization;
using System.Text;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Net;

namespace NotifyBridge.Infrastructure.Notifiers.Discord;

/// <summary>
/// Posts to a Discord webhook (Execute Webhook with <c>wait=true</c>, so Discord answers with the
/// message or the exact error). The payload is built by <see cref="DiscordPayloadBuilder"/>, the
/// answer read by <see cref="DiscordResponse"/>; the bucket state from the X-RateLimit-* headers
/// goes back to the worker in <see cref="SendResult.RateLimit"/>.
/// </summary>
public sealed class DiscordNotifier(IHttpClientFactory httpClientFactory, TimeProvider timeProvider) : INotifier
{
    /// <summary>Discord asks for "DiscordBot ($url, $versionNumber)"; without one Cloudflare may block the request.</summary>
    public static readonly string UserAgent =
        $"DiscordBot (NotifyBridge, {typeof(DiscordNotifier).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"})";

    public TargetType Type => TargetType.Discord;

    public async Task<SendResult> SendAsync(NotifierTarget target, NotificationMessage message, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (!DiscordWebhookUrl.TryParse(target.Secrets.WebhookUrl, out var webhook, out var invalid)) return SendResult.Permanent(invalid);

        var payload = DiscordPayloadBuilder.Build(message, target.Settings as DiscordTargetSettings ?? new DiscordTargetSettings());
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook!.WithWait())
        {
            Content = new StringContent(payload.ToJson(), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        try
        {
            using var client = httpClientFactory.CreateClient(OutboundHttp.ClientName);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return DiscordResponse.Read((int)response.StatusCode, response.ReasonPhrase, response.Headers, body, timeProvider.GetUtcNow());
        }
        catch (HttpRequestException ex) when (RefusalOf(ex) is { } refused)
        {
            return SendResult.Permanent(refused.Message);
        }
        catch (HttpRequestException ex)
        {
            // The message names host and port only; the webhook token is in the path and never logged or shown.
            return SendResult.NoResponse(ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.NoResponse(string.Create(CultureInfo.InvariantCulture, $"Discord did not answer within {OutboundHttp.RequestTimeout.TotalSeconds} s."));
        }
    }

    /// <summary>
    /// One lane per webhook (Discord counts limits per webhook id and token): no fixed rate, the
    /// worker paces by the <see cref="SendResult.RateLimit"/> each answer reports. Never merged.
    /// </summary>
    public DeliveryLane LaneFor(NotifierTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var id = DiscordWebhookUrl.IdOf(target.Secrets.WebhookUrl);
        return new DeliveryLane(id is null ? $"discord:target-{target.Id.ToString(CultureInfo.InvariantCulture)}" : $"discord:{id}", MergeWhenQueued: false);
    }

    /// <summary>The network policy's refusal, however the HTTP stack wrapped it.</summary>
    private static OutboundRequestRefusedException? RefusalOf(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is OutboundRequestRefusedException refused) return refused;
        return null;
    }
}
