using NotifyBridge.Domain.Accounts;

namespace NotifyBridge.Tests.Domain;

public sealed class ApiTokenSecretTests
{
    [Fact]
    public void Generate_GivesPrefixedUrlSafeUniqueTokens()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => ApiTokenSecret.Generate()).ToList();
        Assert.All(tokens, t =>
        {
            Assert.StartsWith("nbt_", t, StringComparison.Ordinal);
            Assert.Equal(47, t.Length);
            Assert.Matches("^nbt_[A-Za-z0-9_-]+$", t);
            Assert.True(ApiTokenSecret.LooksValid(t));
        });
        Assert.Equal(100, tokens.Distinct().Count());
    }

    [Fact]
    public void Hash_IsStableHexSha256()
    {
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ApiTokenSecret.Hash("test"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("ghp_0123456789012345678901234567890123456789012")]
    public void LooksValid_RejectsForeignStrings(string? candidate) => Assert.False(ApiTokenSecret.LooksValid(candidate));

    [Fact]
    public void IsActiveAt_HonoursRevocationAndExpiry()
    {
        var now = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
        var token = new ApiToken { OwnerId = "u", Name = "n", TokenHash = "h", Prefix = "p" };
        Assert.True(token.IsActiveAt(now));
        token.ExpiresAt = now.AddSeconds(-1);
        Assert.False(token.IsActiveAt(now));
        token.ExpiresAt = now.AddDays(1);
        token.RevokedAt = now;
        Assert.False(token.IsActiveAt(now));
    }
}
