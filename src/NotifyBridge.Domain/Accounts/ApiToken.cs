namespace NotifyBridge.Domain.Accounts;

/// <summary>
/// A personal API token. Only the SHA-256 hash of the secret is stored; the plain token is
/// shown once at creation. <see cref="Prefix"/> lets people recognise a token in lists.
/// </summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public required string OwnerId { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    public required string Prefix { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public bool IsActiveAt(DateTime utcNow) =>
        RevokedAt is null && (ExpiresAt is null || ExpiresAt > utcNow);
}
