using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Targets;

namespace NotifyBridge.Tests.Infrastructure.Targets;

public sealed class TargetSettingsValidatorTests
{
    [Theory]
    [InlineData("123456789", true)]
    [InlineData("-1001234567890", true)]
    [InlineData("@my_channel", true)]
    [InlineData("@abc", false)]
    [InlineData("my_channel", false)]
    [InlineData("12 34", false)]
    [InlineData("", false)]
    public void TelegramChatId_Format(string chatId, bool valid)
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Telegram, new TelegramTargetSettings(chatId), TargetSecrets.Empty);
        Assert.Equal(valid, !errors.ContainsKey("ChatId"));
    }

    [Fact]
    public void TelegramTopic_MustBePositive()
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Telegram, new TelegramTargetSettings("1", MessageThreadId: 0), TargetSecrets.Empty);
        Assert.Contains("MessageThreadId", errors.Keys);
    }

    [Theory]
    [InlineData("https://discord.com/api/webhooks/123456/abcDEF_-123", true)]
    [InlineData("https://discord.com/api/v10/webhooks/123456/abc?thread_id=5", true)]
    [InlineData("http://127.0.0.1:5055/api/webhooks/1/token", true)]
    [InlineData("http://127.0.0.1:5055/discord/api/webhooks/1/token.part", true)]
    [InlineData("https://user:pw@discord.com/api/webhooks/1/token", false)]
    [InlineData("https://discord.com/channels/123/456", false)]
    [InlineData("https://discord.com/api/webhooks/abc/token", false)]
    [InlineData("ftp://discord.com/api/webhooks/1/token", false)]
    [InlineData("discord.com/api/webhooks/1/token", false)]
    public void DiscordWebhookUrl_Shape(string url, bool valid)
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Discord, new DiscordTargetSettings(), new TargetSecrets(WebhookUrl: url));
        Assert.Equal(valid, !errors.ContainsKey("WebhookUrl"));
        if (!valid) Assert.Contains("https://discord.com/api/webhooks/<id>/<token>", errors["WebhookUrl"], StringComparison.Ordinal);
    }

    [Fact]
    public void Discord_WithoutWebhookUrl_AsksForIt()
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Discord, new DiscordTargetSettings(AvatarUrl: "not a url"), TargetSecrets.Empty);
        Assert.Contains("Discord webhook URL is required", errors["WebhookUrl"], StringComparison.Ordinal);
        Assert.Contains("AvatarUrl", errors.Keys);
    }

    [Fact]
    public void Email_ChecksHostPortSenderAndEachRecipient()
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Email,
            new EmailTargetSettings("bad host!", 70000, From: "nobody", To: ["ok@example.org", "broken@"]), TargetSecrets.Empty);
        Assert.Equal(["From", "Host", "Port", "To"], errors.Keys.Order());
        Assert.Contains("\"broken@\"", errors["To"], StringComparison.Ordinal);
    }

    [Fact]
    public void Email_Valid_WithDisplayNameSender_AndPasswordForUser()
    {
        var settings = new EmailTargetSettings("smtp.example.org", 587, SmtpSecurity.StartTls, "mailer", "NotifyBridge <notify@example.org>", ["a@example.org"]);
        Assert.Equal(["Password"], TargetSettingsValidator.Validate(TargetType.Email, settings, TargetSecrets.Empty).Keys);
        Assert.Empty(TargetSettingsValidator.Validate(TargetType.Email, settings, new TargetSecrets(Password: "pw")));
    }

    [Fact]
    public void Email_WithoutRecipients_AsksForOne()
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Email, new EmailTargetSettings("127.0.0.1", 25, From: "a@b.example"), TargetSecrets.Empty);
        Assert.Equal("Add at least one recipient.", errors["To"]);
    }

    [Theory]
    [InlineData("!abcDEF:example.org", true)]
    [InlineData("#room:matrix.example.org", true)]
    [InlineData("!abc:127.0.0.1:8448", true)]
    [InlineData("#room:[::1]:8448", true)]
    [InlineData("!roomVersion12Hash", true)]
    [InlineData("room:example.org", false)]
    [InlineData("#alias", false)]
    [InlineData("!a b:example.org", false)]
    [InlineData("@user:example.org", false)]
    public void MatrixRoom_IdOrAlias(string room, bool valid)
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Matrix, new MatrixTargetSettings("https://matrix.example.org", room), new TargetSecrets(AccessToken: "t"));
        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void Matrix_NeedsHomeserverUrlAndToken()
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Matrix, new MatrixTargetSettings("matrix.example.org", "!a:b"), TargetSecrets.Empty);
        Assert.Equal(["AccessToken", "HomeserverUrl"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("https://hooks.example.org/in", "POST", true)]
    [InlineData("http://10.0.0.5:8080/x", "patch", true)]
    [InlineData("http://10.0.0.5:8080/x", "GET", false)]
    [InlineData("file:///etc/passwd", "POST", false)]
    public void Webhook_UrlAndMethod(string url, string method, bool valid)
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Webhook, new WebhookTargetSettings(url, method), TargetSecrets.Empty);
        Assert.Equal(valid, errors.Count == 0);
    }

    [Theory]
    [InlineData("Authorization", "Bearer x", null)]
    [InlineData("Content-Type", "application/vnd.api+json", null)]
    [InlineData("X Custom", "v", "not a valid header name")]
    [InlineData("Content-Length", "5", "set by NotifyBridge")]
    [InlineData("X-NotifyBridge-Signature", "x", "set by NotifyBridge")]
    [InlineData("X-Two", "a\r\nInjected: yes", "line break")]
    public void Webhook_Headers(string name, string value, string? error)
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Webhook, new WebhookTargetSettings("https://h.example/x"),
            new TargetSecrets(Headers: new Dictionary<string, string> { [name] = value }));
        if (error is null) Assert.Empty(errors);
        else Assert.Contains(error, errors["Headers"], StringComparison.Ordinal);
    }

    [Fact]
    public void Webhook_BodyTemplateThatDoesNotParse_IsRefused()
    {
        var errors = TargetSettingsValidator.Validate(TargetType.Webhook,
            new WebhookTargetSettings("https://h.example/x", BodyTemplate: """{"t": "{{ event.title "}"""), TargetSecrets.Empty);
        Assert.StartsWith("The body template does not parse", errors["BodyTemplate"], StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_OfAnotherType_AreRefused()
    {
        Assert.Contains("Settings", TargetSettingsValidator.Validate(TargetType.Discord, new TelegramTargetSettings("1"), TargetSecrets.Empty).Keys);
    }
}
