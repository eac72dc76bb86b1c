using System.Security.Cryptography;

namespace NotifyBridge.Domain.Common;

public static class Slugs
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>A random, unguessable, URL-safe slug (about 5 bits per character).</summary>
    public static string NewRandom(int length = 24) =>
        RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>A random secret for HMAC signing (hex, 256 bits).</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
