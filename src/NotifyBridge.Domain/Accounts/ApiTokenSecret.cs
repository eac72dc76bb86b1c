using System.Security.Cryptography;
using System.Text;

namespace NotifyBridge.Domain.Accounts;

/// <summary>
/// Format of personal API tokens: <c>nbt_</c> + 43 base64url characters (32 random bytes).
/// A fixed prefix makes leaked tokens easy to find with secret scanners. Tokens have full
/// entropy, so a fast hash (SHA-256) is safe and allows an indexed lookup by hash.
/// </summary>
public static class ApiTokenSecret
{
    public const string Scheme = "nbt_";
    public const int DisplayPrefixLength = 10;

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Scheme + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string DisplayPrefix(string token) =>
        token.Length <= DisplayPrefixLength ? token : token[..DisplayPrefixLength];

    public static bool LooksValid(string? token) =>
        token is { Length: > 40 and < 100 } && token.StartsWith(Scheme, StringComparison.Ordinal);
}
