using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NotifyBridge.Infrastructure.Notifiers.Webhook;

/// <summary>
/// The headers that let a receiver check and de-duplicate an outgoing webhook
/// (docs/webhook-signatures.md has receiver code).
/// <list type="bullet">
/// <item><c>X-NotifyBridge-Timestamp</c>: the attempt's time, Unix seconds, decimal digits.</item>
/// <item><c>X-NotifyBridge-Delivery</c>: the delivery's idempotency key, the same on every retry.</item>
/// <item><c>X-NotifyBridge-Signature</c>: <c>sha256=</c> + lowercase hex of
/// HMAC-SHA256(key = UTF-8 bytes of the signing secret, message = the ASCII timestamp exactly as in
/// the header, one "." (0x2E), then the request body bytes exactly as sent). Only when a
/// signing secret is set.</item>
/// </list>
/// The timestamp is signed with the body so a captured request cannot be replayed later with a
/// fresh timestamp; receivers should also reject timestamps far from their clock.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-NotifyBridge-Timestamp";
    public const string DeliveryHeader = "X-NotifyBridge-Delivery";
    public const string SignatureHeader = "X-NotifyBridge-Signature";
    public const string Prefix = "sha256=";

    /// <summary>The <see cref="SignatureHeader"/> value for a body sent with the given timestamp.</summary>
    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var timestamp = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture));
        var signed = new byte[timestamp.Length + 1 + body.Length];
        timestamp.CopyTo(signed, 0);
        signed[timestamp.Length] = (byte)'.';
        body.CopyTo(signed.AsSpan(timestamp.Length + 1));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
