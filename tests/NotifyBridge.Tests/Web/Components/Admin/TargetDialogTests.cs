using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Tests.TestSupport.Admin;
using NotifyBridge.Web.Components.Pages.Targets;

namespace NotifyBridge.Tests.Web.Components.Admin;

/// <summary>The create/edit target dialog against the real target service (fake notifiers).</summary>
public sealed class TargetDialogTests : AdminComponentTestBase
{
    [Fact]
    public async Task TargetDialog_Invalid_ShowsEachFieldsError_ThenCreates()
    {
        var host = Render<MudDialogProvider>();
        var dialog = await ShowAsync(host, null);
        await ChooseTypeAsync(host, TargetType.Discord);

        host.Find("input[data-testid=target-discord-url]").Input("https://example.org/hook");
        host.Find("[data-testid=save-target]").Click();

        host.WaitForAssertion(() =>
        {
            Assert.Contains("Name must be 1 to 100 characters.", host.Markup, StringComparison.Ordinal);
            Assert.Contains("A Discord webhook URL looks like https://discord.com/api/webhooks/&lt;id&gt;/&lt;token&gt;.", host.Markup, StringComparison.Ordinal);
        });
        Assert.Empty(await Get<TargetService>().ListAsync(UserId, Ct));

        host.Find("input[data-testid=target-name]").Change("Chat");
        host.Find("input[data-testid=target-discord-url]").Input("https://discord.com/api/webhooks/1/abc");
        host.Find("[data-testid=save-target]").Click();

        Assert.False((await dialog.Result.WaitAsync(TimeSpan.FromSeconds(5)))!.Canceled);
        var created = Assert.Single(await Get<TargetService>().ListAsync(UserId, Ct));
        Assert.Equal((TargetType.Discord, true), (created.Type, created.Secrets.WebhookUrl));
    }

    [Fact]
    public async Task TargetDialog_TelegramChatIdThatIsNoId_ShowsTheFormat()
    {
        await Get<TelegramBotService>().AddAsync(UserId, new TelegramBotInput(FakeTelegramBotCheck.GoodToken), Ct);
        var host = Render<MudDialogProvider>();
        await ShowAsync(host, null);

        host.Find("input[data-testid=target-name]").Change("Phone");
        host.Find("input[data-testid=target-telegram-chat]").Change("my group");
        host.Find("[data-testid=save-target]").Click();

        host.WaitForAssertion(() => Assert.Contains("Chat id must be a number (groups and channels start with -100…) or a public @channelname.", host.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("Choose the bot", host.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TargetDialog_EditingStoredSecrets_ShowsThatTheyAreSet_NeverTheirValue()
    {
        var saved = await Get<TargetService>().CreateAsync(UserId, new TargetInput("Chat", TargetType.Discord, new DiscordTargetSettings(),
            Secrets: new TargetSecretsInput(WebhookUrl: "https://discord.com/api/webhooks/1/very-secret-token")), Ct);
        var host = Render<MudDialogProvider>();
        var dialog = await ShowAsync(host, saved);

        Assert.DoesNotContain("very-secret-token", host.Markup, StringComparison.Ordinal);
        Assert.Contains("••• set. Leave empty to keep it", host.Markup, StringComparison.Ordinal);

        host.Find("input[data-testid=target-discord-username]").Change("Renamed bot");
        host.Find("[data-testid=save-target]").Click();
        await dialog.Result.WaitAsync(TimeSpan.FromSeconds(5));
        var resolved = await Get<NotifierTargetResolver>().GetAsync(saved.Id, Ct);
        Assert.Equal("https://discord.com/api/webhooks/1/very-secret-token", resolved!.Secrets.WebhookUrl);
    }

    [Fact]
    public async Task SendTest_Failure_ShowsTheExactUpstreamError()
    {
        Get<FakeNotifiers>().Respond = _ => SendResult.Failed(400, "Bad Request: chat not found");
        var saved = await WebhookAsync("Hook");
        var host = Render<MudDialogProvider>();
        await ShowAsync(host, saved);

        host.Find("[data-testid=target-send-test]").Click();

        host.WaitForAssertion(() => Assert.Equal("false", host.Find("[data-testid=test-result]").GetAttribute("data-succeeded")));
        Assert.Equal("HTTP 400: Bad Request: chat not found", host.Find("[data-testid=test-error]").TextContent);
    }

    [Fact]
    public async Task SendTest_OfAnUnsavedTarget_Succeeds_AndSavesNothing()
    {
        var host = Render<MudDialogProvider>();
        await ShowAsync(host, null);
        await ChooseTypeAsync(host, TargetType.Webhook);
        host.Find("input[data-testid=target-name]").Change("New hook");
        host.Find("input[data-testid=target-webhook-url]").Change("http://127.0.0.1:9/in");

        host.Find("[data-testid=target-send-test]").Click();

        host.WaitForAssertion(() => Assert.Contains("Test message sent.", host.Find("[data-testid=test-result]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Test message for New hook", Assert.Single(Get<FakeNotifiers>().Sent).Message.Title);
        Assert.Empty(await Get<TargetService>().ListAsync(UserId, Ct));
    }

    [Fact]
    public async Task AddBotDialog_RefusedToken_ShowsTelegramsAnswer_ThenAddsAGoodOne()
    {
        var host = Render<MudDialogProvider>();
        IDialogReference? dialog = null;
        await host.InvokeAsync(async () => dialog = await Services.GetRequiredService<IDialogService>().ShowAsync<AddBotDialog>("Add bot",
            new DialogParameters<AddBotDialog> { { d => d.OwnerId, UserId }, { d => d.ConfirmationDelay, TimeSpan.Zero } }));

        host.Find("input[data-testid=bot-token]").Input(FakeTelegramBotCheck.UnknownToken);
        host.Find("[data-testid=bot-save]").Click();
        host.WaitForAssertion(() => Assert.Contains(FakeTelegramBotCheck.RefusedError, host.Markup, StringComparison.Ordinal));

        host.Find("input[data-testid=bot-token]").Input(FakeTelegramBotCheck.GoodToken);
        host.Find("[data-testid=bot-save]").Click();
        var result = await dialog!.Result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("@notify_test_bot", Assert.IsType<TelegramBotView>(result!.Data).Display);
    }

    private async Task ChooseTypeAsync(IRenderedComponent<MudDialogProvider> host, TargetType type)
    {
        var select = host.FindComponents<MudSelect<TargetType>>().Single();
        await host.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(type));
    }

    private async Task<IDialogReference> ShowAsync(IRenderedComponent<MudDialogProvider> host, TargetView? target)
    {
        var all = await Get<TargetService>().ListAsync(UserId, Ct);
        IDialogReference? reference = null;
        await host.InvokeAsync(async () => reference = await Services.GetRequiredService<IDialogService>().ShowAsync<TargetDialog>("Target",
            new DialogParameters<TargetDialog> { { d => d.OwnerId, UserId }, { d => d.Target, target }, { d => d.AllTargets, all } }));
        host.WaitForElement("[data-testid=save-target]");
        return reference!;
    }
}
