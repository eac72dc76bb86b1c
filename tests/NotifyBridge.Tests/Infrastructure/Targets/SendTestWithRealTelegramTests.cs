using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Tests.TestSupport.Admin;
using NotifyBridge.Tests.TestSupport.Fakes.Telegram;

namespace NotifyBridge.Tests.Infrastructure.Targets;

/// <summary>
/// Adding a bot and "Send test" through the real pieces: the getMe validator, the Liquid
/// renderer and the Telegram notifier, against the fake Bot API on loopback.
/// </summary>
public sealed class SendTestWithRealTelegramTests : AdminServicesTestBase
{
    private FakeTelegramBotApi _telegram = null!;

    protected override Action<IServiceCollection>? Replacements => null;

    public override async Task InitializeAsync()
    {
        _telegram = await FakeTelegramBotApi.StartAsync();
        await base.InitializeAsync();
    }

    [Fact]
    public async Task AddBot_ThenSendTest_ReachesTheChat_AndAMissingChatGivesTelegramsWords()
    {
        var bot = await Get<TelegramBotService>().AddAsync(Owner, new TelegramBotInput(FakeTelegramBotApi.DefaultToken, ApiBaseUrl: _telegram.BaseUrl), Ct);
        Assert.Equal(FakeTelegramBotApi.DefaultBotUsername, bot.Username);

        var group = await Get<TargetService>().CreateAsync(Owner, new TargetInput("Group", TargetType.Telegram,
            new TelegramTargetSettings(FakeTelegramBotApi.GroupChatId.ToString(System.Globalization.CultureInfo.InvariantCulture)), TelegramBotId: bot.Id), Ct);
        var sent = await Get<TargetTester>().SendTestAsync(Owner, group.Id, Ct);
        Assert.True(sent!.Succeeded, sent.Error);
        Assert.Single(_telegram.MessagesIn(FakeTelegramBotApi.GroupChatId));

        var missing = await Get<TargetTester>().SendTestAsync(Owner,
            new TargetInput("Nowhere", TargetType.Telegram, new TelegramTargetSettings("-100999"), TelegramBotId: bot.Id), null, Ct);
        Assert.False(missing.Succeeded);
        Assert.Equal(400, missing.HttpStatus);
        Assert.Contains("chat not found", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddBot_RevokedToken_IsRefusedWithTheValidatorsMessage()
    {
        _telegram.RevokeToken(FakeTelegramBotApi.DefaultToken);
        var error = await Assert.ThrowsAsync<TargetValidationException>(() =>
            Get<TelegramBotService>().AddAsync(Owner, new TelegramBotInput(FakeTelegramBotApi.DefaultToken, ApiBaseUrl: _telegram.BaseUrl), Ct));
        Assert.Equal("The bot token was rejected by Telegram (401 Unauthorized).", error.Errors["Token"]);
        Assert.Empty(await Get<TelegramBotService>().ListAsync(Owner, Ct));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _telegram.DisposeAsync();
    }
}
