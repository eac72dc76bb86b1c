using NotifyBridge.Infrastructure.Notifiers.Discord;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Discord;

public sealed class DiscordWebhookUrlTests
{
    [Theory]
    [InlineData("https://discord.com/api/webhooks/1300000000000000101/abc_DEF-123", "https://discord.com/api/v10/webhooks/1300000000000000101/abc_DEF-123")]
    [InlineData("https://discord.com/api/v9/webhooks/1300000000000000101/abc", "https://discord.com/api/v10/webhooks/1300000000000000101/abc")]
    [InlineData("https://canary.discord.com/api/webhooks/1/abc/", "https://canary.discord.com/api/v10/webhooks/1/abc")]
    [InlineData("https://discordapp.com/api/webhooks/1/abc#fragment", "https://discordapp.com/api/v10/webhooks/1/abc")]
    [InlineData("  http://127.0.0.1:5555/api/webhooks/1/abc  ", "http://127.0.0.1:5555/api/v10/webhooks/1/abc")]
    [InlineData("https://proxy.example.com/discord/api/webhooks/1/abc", "https://proxy.example.com/discord/api/v10/webhooks/1/abc")]
    public void TryParse_WebhookUrls_BecomeV10ExecuteAddress(string url, string expected)
    {
        Assert.True(DiscordWebhookUrl.TryParse(url, out var parsed, out _));
        Assert.Equal(expected, parsed!.ExecuteUri.AbsoluteUri);
    }

    [Fact]
    public void WithWait_KeepsThreadId_AndReplacesAnyWait()
    {
        Assert.True(DiscordWebhookUrl.TryParse("https://discord.com/api/webhooks/1/abc?thread_id=99&wait=false", out var parsed, out _));
        Assert.Equal("https://discord.com/api/v10/webhooks/1/abc?thread_id=99&wait=true", parsed!.WithWait().AbsoluteUri);
        Assert.Equal("1", parsed.WebhookId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("discord.com/api/webhooks/1/abc")]
    [InlineData("ftp://discord.com/api/webhooks/1/abc")]
    [InlineData("https://discord.com/api/webhooks/1")]
    [InlineData("https://discord.com/api/webhooks/abc/token")]
    [InlineData("https://discord.com/channels/1/2")]
    [InlineData("https://user:pass@discord.com/api/webhooks/1/abc")]
    [InlineData("https://discord.com/api/webhooks/1/abc/extra")]
    public void TryParse_NotAWebhookUrl_FailsWithTheExpectedShape(string? url)
    {
        Assert.False(DiscordWebhookUrl.TryParse(url, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Equal("The Discord webhook URL must look like https://discord.com/api/webhooks/{id}/{token}.", error);
    }
}
