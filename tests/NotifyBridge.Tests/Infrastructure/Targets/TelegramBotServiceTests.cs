using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Tests.TestSupport.Admin;

namespace NotifyBridge.Tests.Infrastructure.Targets;

public sealed class TelegramBotServiceTests : AdminServicesTestBase
{
    private TelegramBotService Bots => Get<TelegramBotService>();

    [Fact]
    public async Task Add_ValidToken_IsCheckedFirst_ThenStoredEncrypted_WithTheUsername()
    {
        var bot = await Bots.AddAsync(Owner, new TelegramBotInput(" " + FakeTelegramBotCheck.GoodToken + " ", ApiBaseUrl: "http://127.0.0.1:8081/"), Ct);

        Assert.Equal(("notify_test_bot", 123456789L), (bot.Username, bot.TelegramUserId));
        Assert.Equal("@notify_test_bot", bot.Display);
        Assert.Equal((FakeTelegramBotCheck.GoodToken, "http://127.0.0.1:8081"), Assert.Single(Get<FakeTelegramBotCheck>().Calls));
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        var row = await db.TelegramBots.SingleAsync();
        Assert.DoesNotContain("goodtoken", row.TokenProtected, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:8081", row.ApiBaseUrl);
    }

    [Fact]
    public async Task Add_DefaultServer_IsTelegrams()
    {
        await Bots.AddAsync(Owner, new TelegramBotInput(FakeTelegramBotCheck.GoodToken), Ct);
        Assert.Equal(TelegramBot.DefaultApiBaseUrl, Assert.Single(Get<FakeTelegramBotCheck>().Calls).ApiBaseUrl);
    }

    [Fact]
    public async Task Add_TokenTelegramRefuses_ShowsTelegramsError_AndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<TargetValidationException>(() => Bots.AddAsync(Owner, new TelegramBotInput(FakeTelegramBotCheck.UnknownToken), Ct));
        Assert.Equal(FakeTelegramBotCheck.RefusedError, error.Errors["Token"]);
        Assert.Empty(await Bots.ListAsync(Owner, Ct));
    }

    [Fact]
    public async Task Add_MalformedToken_IsRefusedWithoutAskingTelegram()
    {
        var error = await Assert.ThrowsAsync<TargetValidationException>(() => Bots.AddAsync(Owner, new TelegramBotInput("not a token", ApiBaseUrl: "http://127.0.0.1:8081/bot"), Ct));
        Assert.Equal(["ApiBaseUrl", "Token"], error.Errors.Keys.Order());
        Assert.Empty(Get<FakeTelegramBotCheck>().Calls);
    }

    [Fact]
    public async Task Add_SameBotAgain_ReplacesItsToken()
    {
        var first = await Bots.AddAsync(Owner, new TelegramBotInput(FakeTelegramBotCheck.GoodToken), Ct);
        const string newToken = "123456789:AAEnewtoken-0123456789abcdefghijklm";
        Get<FakeTelegramBotCheck>().Known[newToken] = ("notify_test_bot", 123456789);
        var second = await Bots.AddAsync(Owner, new TelegramBotInput(newToken, Name: "Renamed"), Ct);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal("Renamed", Assert.Single(await Bots.ListAsync(Owner, Ct)).Name);
    }

    [Fact]
    public async Task Delete_WhileATargetUsesIt_IsRefusedNamingTheTarget()
    {
        var bot = await Bots.AddAsync(Owner, new TelegramBotInput(FakeTelegramBotCheck.GoodToken), Ct);
        var target = await Get<TargetService>().CreateAsync(Owner,
            new TargetInput("Phone", TargetType.Telegram, new TelegramTargetSettings("42"), TelegramBotId: bot.Id), Ct);

        var refused = await Bots.DeleteAsync(Owner, bot.Id, Ct);
        Assert.Equal(BotDeleteOutcome.InUse, refused.Outcome);
        Assert.Contains("\"Phone\"", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(await Bots.ListAsync(Owner, Ct)).TargetCount);

        await Get<TargetService>().DeleteAsync(Owner, target.Id, Ct);
        Assert.Equal(BotDeleteOutcome.Deleted, (await Bots.DeleteAsync(Owner, bot.Id, Ct)).Outcome);
        Assert.Equal(BotDeleteOutcome.NotFound, (await Bots.DeleteAsync(Owner, bot.Id, Ct)).Outcome);
    }

    [Fact]
    public async Task OtherOwnersBots_CannotBeUsedOrDeleted()
    {
        var bot = await Bots.AddAsync(Owner, new TelegramBotInput(FakeTelegramBotCheck.GoodToken), Ct);
        var other = await CreateUserAsync("other@example.test");
        Assert.Equal(BotDeleteOutcome.NotFound, (await Bots.DeleteAsync(other, bot.Id, Ct)).Outcome);
        var error = await Assert.ThrowsAsync<TargetValidationException>(() => Get<TargetService>().CreateAsync(other,
            new TargetInput("Phone", TargetType.Telegram, new TelegramTargetSettings("42"), TelegramBotId: bot.Id), Ct));
        Assert.Contains("TelegramBotId", error.Errors.Keys);
    }
}
