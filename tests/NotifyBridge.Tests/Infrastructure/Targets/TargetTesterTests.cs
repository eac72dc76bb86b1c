using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Tests.TestSupport.Admin;

namespace NotifyBridge.Tests.Infrastructure.Targets;

public sealed class TargetTesterTests : AdminServicesTestBase
{
    private TargetTester Tester => Get<TargetTester>();
    private FakeNotifiers Notifiers => Get<FakeNotifiers>();

    [Fact]
    public async Task SavedTarget_SendsTheRenderedTestMessage_WithATestKey()
    {
        var hook = await WebhookAsync("Hook");
        var result = await Tester.SendTestAsync(Owner, hook.Id, Ct);

        Assert.True(result!.Succeeded);
        Assert.Null(result.Error);
        var (target, message, attempt) = Assert.Single(Notifiers.Sent);
        Assert.Equal(hook.Id, target.Id);
        Assert.Equal("Test message for Hook", message.Title);
        Assert.StartsWith("test-", attempt.IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failure_ReportsTheExactUpstreamErrorAndStatus()
    {
        Notifiers.Respond = _ => SendResult.Failed(400, "Bad Request: chat not found");
        var hook = await WebhookAsync("Hook");
        var result = await Tester.SendTestAsync(Owner, hook.Id, Ct);
        Assert.False(result!.Succeeded);
        Assert.Equal("Bad Request: chat not found", result.Error);
        Assert.Equal(400, result.HttpStatus);
    }

    [Fact]
    public async Task NotifierThatThrows_StillReportsWhy()
    {
        Notifiers.Respond = _ => throw new HttpRequestException("Connection refused (127.0.0.1:9)");
        var hook = await WebhookAsync("Hook");
        Assert.Equal("Connection refused (127.0.0.1:9)", (await Tester.SendTestAsync(Owner, hook.Id, Ct))!.Error);
    }

    [Fact]
    public async Task UnknownOrForeignTarget_IsNull()
    {
        var hook = await WebhookAsync("Hook");
        var other = await CreateUserAsync("other@example.test");
        Assert.Null(await Tester.SendTestAsync(other, hook.Id, Ct));
        Assert.Null(await Tester.SendTestAsync(Owner, 4242, Ct));
        Assert.Empty(Notifiers.Sent);
    }

    [Fact]
    public async Task UnsavedEdit_UsesTheFormsSettings_AndTheStoredSecretsItLeftEmpty()
    {
        var saved = await Get<TargetService>().CreateAsync(Owner, new TargetInput("Chat", TargetType.Discord, new DiscordTargetSettings(),
            Secrets: new TargetSecretsInput(WebhookUrl: "https://discord.com/api/webhooks/1/stored")), Ct);
        var edit = new TargetInput("Chat", TargetType.Discord, new DiscordTargetSettings("Edited name"));

        Assert.True((await Tester.SendTestAsync(Owner, edit, saved.Id, Ct)).Succeeded);

        var (target, _, _) = Assert.Single(Notifiers.Sent);
        Assert.Equal("https://discord.com/api/webhooks/1/stored", target.Secrets.WebhookUrl);
        Assert.Equal("Edited name", ((DiscordTargetSettings)target.Settings).Username);
        Assert.Equal("Chat", target.Name);
    }

    [Fact]
    public async Task UnsavedNewTarget_IsValidatedLikeASave()
    {
        var error = await Assert.ThrowsAsync<TargetValidationException>(() =>
            Tester.SendTestAsync(Owner, new TargetInput("New", TargetType.Discord, new DiscordTargetSettings()), null, Ct));
        Assert.Contains("WebhookUrl", error.Errors.Keys);
        Assert.Empty(Notifiers.Sent);
    }

    [Fact]
    public async Task Broadcast_TestsEachMember_AndReportsEach()
    {
        var good = await WebhookAsync("Good", "http://127.0.0.1:9/good");
        var bad = await WebhookAsync("Bad", "http://127.0.0.1:9/bad");
        var off = await WebhookAsync("Off", enabled: false);
        var family = await BroadcastAsync("Family", good.Id, bad.Id, off.Id);
        Notifiers.Respond = t => t.Name == "Bad" ? SendResult.Failed(500, "Internal Server Error") : SendResult.Success();

        var result = await Tester.SendTestAsync(Owner, family.Id, Ct);

        Assert.False(result!.Succeeded);
        Assert.Equal("1 of 2 members failed.", result.Error);
        Assert.Equal([("Good", true, (string?)null), ("Bad", false, "Internal Server Error")], result.Members.Select(m => (m.Name, m.Succeeded, m.Error)));
        Assert.Equal(2, Notifiers.Sent.Count);
    }

    [Fact]
    public async Task UnsavedBroadcast_TestsTheMembersInTheForm()
    {
        var a = await WebhookAsync("A");
        var result = await Tester.SendTestAsync(Owner, new TargetInput("New group", TargetType.Broadcast, new BroadcastTargetSettings(), MemberIds: [a.Id]), null, Ct);
        Assert.True(result.Succeeded);
        Assert.Equal("A", Assert.Single(result.Members).Name);
    }
}
