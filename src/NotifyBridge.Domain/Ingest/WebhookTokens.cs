using System.Security.Cryptography;
using System.Text;

namespace NotifyBridge.Domain.Ingest;

/// <summary>
/// The shared secret a Home Assistant or generic sender presents, and a constant-time check of it.
/// Looked for, in order: <c>Authorization: Bearer &lt;token&gt;</c>, <c>Authorization: Basic</c> (the
/// password part, for HA's <c>username</c>/<c>password</c> options), the <c>X-Webhook-Token</c> header,
/// and the <c>?token=</c> query parameter.
/// </summary>
public static class WebhookTokens
{
    public const string HeaderName = "X-Webhook-Token";
    public const string QueryName = "token";

    public static string? Extract(InboundRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FromAuthorization(request.Header("Authorization")) is { } fromAuthorization) return fromAuthorization;
        if (NonEmpty(request.Header(HeaderName)) is { } fromHeader) return fromHeader;
        return request.Query.TryGetValue(QueryName, out var fromQuery) ? NonEmpty(fromQuery) : null;
    }

    /// <summary>
    /// True when <paramref name="presented"/> equals <paramref name="secret"/> (ordinal). Both are hashed first,
    /// so the time taken depends on neither content nor length. Null or empty values never match.
    /// </summary>
    public static bool Matches(string? presented, string? secret)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(secret)) return false;
        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> b = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    private static string? FromAuthorization(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var value = header.Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0) return null;
        var scheme = value[..space];
        var credentials = value[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return NonEmpty(credentials);
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return null;

        Span<byte> decoded = stackalloc byte[Math.Min(credentials.Length, 4096)];
        if (!Convert.TryFromBase64String(credentials, decoded, out var written)) return null;
        var userPass = Encoding.UTF8.GetString(decoded[..written]);
        var colon = userPass.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : NonEmpty(userPass[(colon + 1)..]);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
