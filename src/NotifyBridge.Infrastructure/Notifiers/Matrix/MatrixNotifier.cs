using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Net;

namespace NotifyBridge.Infrastructure.Notifiers.Matrix;

/// <summary>
/// Sends an <c>m.room.message</c> (see <see cref="MatrixMessageContent"/>) with
/// <c>PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}</c>. The transaction id is
/// the delivery's idempotency key, the same on every attempt: the homeserver answers a repeated
/// transaction with the event it already created, so a retry after a lost answer never posts twice.
/// An alias (#name:server) is resolved to its room id first, on every send (one more request, no stale cache).
/// </summary>
public sealed class MatrixNotifier(IHttpClientFactory httpClientFactory, TimeProvider timeProvider) : INotifier
{
    public TargetType Type => TargetType.Matrix;

    public async Task<SendResult> SendAsync(NotifierTarget target, NotificationMessage message, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(attempt);
        if (!MatrixRoom.TryParse(target.Settings as MatrixTargetSettings ?? new MatrixTargetSettings(), out var room, out var invalid))
            return SendResult.Permanent(invalid);
        var token = target.Secrets.AccessToken?.Trim();
        if (string.IsNullOrEmpty(token)) return SendResult.Permanent("The Matrix access token is missing.");
        if (string.IsNullOrWhiteSpace(attempt.IdempotencyKey)) return SendResult.Permanent("The delivery has no idempotency key to use as the Matrix transaction id.");

        try
        {
            using var client = httpClientFactory.CreateClient(OutboundHttp.ClientName);
            var roomId = room!.Room;
            if (room.IsAlias)
            {
                using var lookup = new HttpRequestMessage(HttpMethod.Get, room.AliasUri());
                lookup.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var found = await client.SendAsync(lookup, cancellationToken).ConfigureAwait(false);
                var answer = await found.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (!found.IsSuccessStatusCode)
                    return MatrixResponse.Read((int)found.StatusCode, found.ReasonPhrase, found.Headers, answer, timeProvider.GetUtcNow());
                if (MatrixResponse.RoomIdOf(answer) is not { } resolved)
                    return SendResult.Permanent($"The homeserver did not name a room for {room.Room}.", (int)found.StatusCode);
                roomId = resolved;
            }

            using var request = new HttpRequestMessage(HttpMethod.Put, room.SendUri(roomId, attempt.IdempotencyKey))
            {
                Content = new StringContent(MatrixMessageContent.From(message).ToJson(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return MatrixResponse.Read((int)response.StatusCode, response.ReasonPhrase, response.Headers, body, timeProvider.GetUtcNow());
        }
        catch (HttpRequestException ex) when (RefusalOf(ex) is { } refused)
        {
            return SendResult.Permanent(refused.Message);
        }
        catch (HttpRequestException ex)
        {
            return SendResult.NoResponse(ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.NoResponse(string.Create(CultureInfo.InvariantCulture, $"The Matrix homeserver did not answer within {OutboundHttp.RequestTimeout.TotalSeconds} s."));
        }
    }

    /// <summary>One lane per room on a homeserver, so messages keep their order; never merged.</summary>
    public DeliveryLane LaneFor(NotifierTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return MatrixRoom.TryParse(target.Settings as MatrixTargetSettings ?? new MatrixTargetSettings(), out var room, out _)
            ? new DeliveryLane($"matrix:{room!.HomeserverKey}:{room.Room}", MergeWhenQueued: false)
            : new DeliveryLane($"matrix:target-{target.Id.ToString(CultureInfo.InvariantCulture)}", MergeWhenQueued: false);
    }

    /// <summary>The network policy's refusal, however the HTTP stack wrapped it.</summary>
    private static OutboundRequestRefusedException? RefusalOf(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is OutboundRequestRefusedException refused) return refused;
        return null;
    }
}
