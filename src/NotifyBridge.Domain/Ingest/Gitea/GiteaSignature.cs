using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace NotifyBridge.Domain.Ingest.Gitea;

/// <summary>
/// Gitea's delivery signature: <c>X-Gitea-Signature</c> = lower-case hex HMAC-SHA256(secret, payload),
/// no <c>sha256=</c> prefix. The payload is the JSON string Gitea built: the raw body for the
/// <c>json</c> content type, the decoded <c>payload</c> field for the <c>form</c> content type, the
/// <c>payload</c> query parameter for GET hooks (see the fixtures' SIGNATURE.md).
/// </summary>
public static class GiteaSignature
{
    public const string HeaderName = "X-Gitea-Signature";

    /// <summary>Same value as X-Gitea-Signature; used only when that header is absent (Forgejo, older Gogs-style senders).</summary>
    private static readonly string[] FallbackHeaderNames = ["X-Forgejo-Signature", "X-Gogs-Signature"];

    private const string HubHeaderName = "X-Hub-Signature-256";
    private const string HubPrefix = "sha256=";
    private const int HashBytes = 32;

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="payload"/> keyed with the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> payload, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload));
    }

    /// <summary>
    /// Checks <paramref name="signature"/> (64 hex digits) against the HMAC of <paramref name="payload"/> in constant time.
    /// A missing, empty or malformed signature and an empty secret never verify.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> payload, string? signature, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrWhiteSpace(signature)) return false;
        var hex = signature.AsSpan().Trim();
        if (hex.Length != HashBytes * 2) return false;

        Span<byte> presented = stackalloc byte[HashBytes];
        if (Convert.FromHexString(hex, presented, out _, out var written) != OperationStatus.Done || written != HashBytes) return false;

        Span<byte> expected = stackalloc byte[HashBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>Verifies a whole request: picks the signature header and the signed payload (JSON body, form field or query).</summary>
    public static bool Verify(InboundRequest request, string? secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TryGetSignedPayload(request, out var payload, out _) && Verify(payload.Span, SignatureHeader(request), secret);
    }

    /// <summary>
    /// The presented signature: <c>X-Gitea-Signature</c> when the header is there (even if empty), otherwise
    /// <c>X-Forgejo-Signature</c>/<c>X-Gogs-Signature</c>, otherwise <c>X-Hub-Signature-256</c> without its <c>sha256=</c> prefix.
    /// </summary>
    public static string? SignatureHeader(InboundRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Header(HeaderName) is { } gitea) return gitea;
        foreach (var name in FallbackHeaderNames)
        {
            if (request.Header(name) is { } value) return value;
        }
        if (request.Header(HubHeaderName) is { } hub)
        {
            var trimmed = hub.Trim();
            return trimmed.StartsWith(HubPrefix, StringComparison.OrdinalIgnoreCase) ? trimmed[HubPrefix.Length..] : "";
        }
        return null;
    }

    /// <summary>
    /// The exact bytes Gitea signed: the decoded <c>payload</c> field of a form body, the <c>payload</c>
    /// query parameter of a body-less GET, otherwise the raw body.
    /// </summary>
    public static bool TryGetSignedPayload(InboundRequest request, out ReadOnlyMemory<byte> payload, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (InboundBody.IsForm(request.ContentType))
        {
            foreach (var (name, value) in InboundBody.ParseFormBytes(request.Body))
            {
                if (name == "payload")
                {
                    payload = value;
                    error = null;
                    return true;
                }
            }
            payload = default;
            error = "Form body has no 'payload' field.";
            return false;
        }

        if (InboundBody.IsBlank(request.Body) && request.Query.TryGetValue("payload", out var query))
        {
            payload = Encoding.UTF8.GetBytes(query);
            error = null;
            return true;
        }

        if (InboundBody.IsBlank(request.Body))
        {
            payload = default;
            error = "Body is empty.";
            return false;
        }

        payload = request.Body;
        error = null;
        return true;
    }
}
