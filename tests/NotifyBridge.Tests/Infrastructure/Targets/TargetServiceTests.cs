using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Links;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Tests.TestSupport.Admin;

namespace NotifyBridge.Tests.Infrastructure.Targets;

public sealed class TargetServiceTests : AdminServicesTestBase
{
    private TargetService Targets => Get<TargetService>();

    private static TargetInput Discord(string name, string? url = "https://discord.com/api/webhooks/1/secret-token") =>
        new(name, TargetType.Discord, new DiscordTargetSettings("Bridge"), Secrets: url is null ? null : new TargetSecretsInput(WebhookUrl: url));

    [Fact]
    public async Task Create_StoresSecretsEncrypted_AndViewsOnlySayWhichAreSet()
    {
        var created = await Targets.CreateAsync(Owner, Discord("Chat"), Ct);

        Assert.True(created.Secrets.WebhookUrl);
        Assert.False(created.Secrets.Password);
        Assert.DoesNotContain("secret-token", System.Text.Json.JsonSerializer.Serialize(created), StringComparison.Ordinal);
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        var row = await db.Targets.SingleAsync();
        Assert.NotNull(row.SecretsProtected);
        Assert.DoesNotContain("secret-token", row.SecretsProtected, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", row.SettingsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithoutSecrets_KeepsTheStoredOnes_AndEmptyRemovesOptionalOnes()
    {
        var created = await Targets.CreateAsync(Owner, new TargetInput("Hook", TargetType.Webhook, new WebhookTargetSettings("https://h.example/in"),
            Secrets: new TargetSecretsInput(SigningSecret: "0123456789abcdef-signing", Headers: new Dictionary<string, string> { ["Authorization"] = "Bearer abc" })), Ct);
        Assert.Equal(["Authorization"], created.Secrets.HeaderNames);

        var renamed = await Targets.UpdateAsync(Owner, created.Id, new TargetInput("Hook 2", TargetType.Webhook, new WebhookTargetSettings("https://h.example/in2")), Ct);
        Assert.True(renamed!.Secrets.SigningSecret);
        Assert.Equal(["Authorization"], renamed.Secrets.HeaderNames);
        var resolved = await Get<NotifierTargetResolver>().GetAsync(created.Id, Ct);
        Assert.Equal("0123456789abcdef-signing", resolved!.Secrets.SigningSecret);
        Assert.Equal("https://h.example/in2", ((WebhookTargetSettings)resolved.Settings).Url);

        var cleared = await Targets.UpdateAsync(Owner, created.Id, new TargetInput("Hook 2", TargetType.Webhook, new WebhookTargetSettings("https://h.example/in2"),
            Secrets: new TargetSecretsInput(SigningSecret: "", Headers: new Dictionary<string, string>())), Ct);
        Assert.False(cleared!.Secrets.SigningSecret);
        Assert.Empty(cleared.Secrets.HeaderNames);
    }

    [Fact]
    public async Task Create_Invalid_ReportsEveryFieldError_AndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<TargetValidationException>(() =>
            Targets.CreateAsync(Owner, new TargetInput(" ", TargetType.Discord, new DiscordTargetSettings(), Secrets: new TargetSecretsInput(WebhookUrl: "https://example.org/x")), Ct));
        Assert.Equal(["Name", "WebhookUrl"], error.Errors.Keys.Order());
        Assert.Empty(await Targets.ListAsync(Owner, Ct));
    }

    [Fact]
    public async Task Names_AreUniquePerOwner_IgnoringCase()
    {
        await Targets.CreateAsync(Owner, Discord("Chat"), Ct);
        var error = await Assert.ThrowsAsync<TargetValidationException>(() => Targets.CreateAsync(Owner, Discord("chat"), Ct));
        Assert.Equal("You already have a target named \"chat\".", error.Errors["Name"]);

        var other = await CreateUserAsync("other@example.test");
        await Targets.CreateAsync(other, Discord("Chat"), Ct);
        Assert.Single(await Targets.ListAsync(other, Ct));
        Assert.Single(await Targets.ListAsync(Owner, Ct));
    }

    [Fact]
    public async Task OtherOwnersTargets_AreInvisibleAndUntouchable()
    {
        var mine = await Targets.CreateAsync(Owner, Discord("Chat"), Ct);
        var other = await CreateUserAsync("other@example.test");
        Assert.Null(await Targets.GetAsync(other, mine.Id, Ct));
        Assert.Null(await Targets.UpdateAsync(other, mine.Id, Discord("Mine now"), Ct));
        Assert.False(await Targets.DeleteAsync(other, mine.Id, Ct));
        var error = await Assert.ThrowsAsync<TargetValidationException>(() =>
            Targets.CreateAsync(other, new TargetInput("B", TargetType.Broadcast, new BroadcastTargetSettings(), MemberIds: [mine.Id]), Ct));
        Assert.Equal("Some members do not exist (any more).", error.Errors["Members"]);
    }

    [Fact]
    public async Task Type_CannotChange()
    {
        var created = await Targets.CreateAsync(Owner, Discord("Chat"), Ct);
        var error = await Assert.ThrowsAsync<TargetValidationException>(() =>
            Targets.UpdateAsync(Owner, created.Id, new TargetInput("Chat", TargetType.Webhook, new WebhookTargetSettings("https://h.example")), Ct));
        Assert.Contains("Type", error.Errors.Keys);
    }

    [Fact]
    public async Task Telegram_NeedsAnExistingBotOfTheOwner()
    {
        var input = new TargetInput("Phone", TargetType.Telegram, new TelegramTargetSettings("-1001234"));
        var error = await Assert.ThrowsAsync<TargetValidationException>(() => Targets.CreateAsync(Owner, input, Ct));
        Assert.Contains("Choose the bot", error.Errors["TelegramBotId"], StringComparison.Ordinal);
        error = await Assert.ThrowsAsync<TargetValidationException>(() => Targets.CreateAsync(Owner, input with { TelegramBotId = 404 }, Ct));
        Assert.Equal("That bot does not exist (any more).", error.Errors["TelegramBotId"]);

        var bot = await Get<TelegramBotService>().AddAsync(Owner, new TelegramBotInput(FakeTelegramBotCheck.GoodToken), Ct);
        var created = await Targets.CreateAsync(Owner, input with { TelegramBotId = bot.Id }, Ct);
        Assert.Equal("@notify_test_bot", created.TelegramBotName);
        var resolved = await Get<NotifierTargetResolver>().GetAsync(created.Id, Ct);
        Assert.Equal(FakeTelegramBotCheck.GoodToken, resolved!.Bot!.Token);
    }

    [Fact]
    public async Task Broadcast_ContainingItself_IsRefused()
    {
        var a = await WebhookAsync("A");
        var family = await BroadcastAsync("Family", a.Id);
        var error = await Assert.ThrowsAsync<TargetValidationException>(() =>
            Targets.UpdateAsync(Owner, family.Id, new TargetInput("Family", TargetType.Broadcast, new BroadcastTargetSettings(), MemberIds: [a.Id, family.Id]), Ct));
        Assert.Equal("A broadcast cannot contain itself.", error.Errors["Members"]);
    }

    [Fact]
    public async Task Broadcast_CycleThroughAnotherBroadcast_IsRefused_NamingTheCycle()
    {
        var a = await WebhookAsync("A");
        var family = await BroadcastAsync("Family", a.Id);
        var everyone = await BroadcastAsync("Everyone", family.Id);
        var error = await Assert.ThrowsAsync<TargetValidationException>(() =>
            Targets.UpdateAsync(Owner, family.Id, new TargetInput("Family", TargetType.Broadcast, new BroadcastTargetSettings(), MemberIds: [a.Id, everyone.Id]), Ct));
        Assert.Equal("These members would make a loop: Family → Everyone → Family.", error.Errors["Members"]);
        Assert.Equal([a.Id], (await Targets.GetAsync(Owner, family.Id, Ct))!.MemberIds);
    }

    [Fact]
    public async Task Broadcast_NeedsMembersThatExist()
    {
        var error = await Assert.ThrowsAsync<TargetValidationException>(() => BroadcastAsync("Empty"));
        Assert.Equal("A broadcast needs at least one member.", error.Errors["Members"]);
        error = await Assert.ThrowsAsync<TargetValidationException>(() => BroadcastAsync("Ghosts", 4242));
        Assert.Equal("Some members do not exist (any more).", error.Errors["Members"]);
    }

    [Fact]
    public async Task Expand_GivesEnabledLeaves_AndFollowsChanges()
    {
        var a = await WebhookAsync("A");
        var b = await WebhookAsync("B");
        var c = await WebhookAsync("C", enabled: false);
        var inner = await BroadcastAsync("Inner", b.Id, c.Id);
        var outer = await BroadcastAsync("Outer", a.Id, inner.Id, b.Id);

        Assert.Equal([a.Id, b.Id], await Targets.ExpandAsync(outer.Id, Ct));
        Assert.Equal([a.Id], await Targets.ExpandAsync(a.Id, Ct));

        await Targets.UpdateAsync(Owner, c.Id, new TargetInput("C", TargetType.Webhook, new WebhookTargetSettings("http://127.0.0.1:9/hook")), Ct);
        Assert.Equal([a.Id, b.Id, c.Id], await Targets.ExpandAsync(outer.Id, Ct));

        await Targets.DeleteAsync(Owner, a.Id, Ct);
        Assert.Equal([b.Id, c.Id], await Targets.ExpandAsync(outer.Id, Ct));
        Assert.Empty(await Targets.ExpandAsync(a.Id, Ct));
    }

    [Fact]
    public async Task EveryChange_IsAnnouncedToThePlanner()
    {
        var changes = 0;
        Get<LinkConfigurationChanged>().Changed += () => Interlocked.Increment(ref changes);
        var created = await Targets.CreateAsync(Owner, Discord("Chat"), Ct);
        await Targets.UpdateAsync(Owner, created.Id, Discord("Chat 2", url: null), Ct);
        await Targets.DeleteAsync(Owner, created.Id, Ct);
        Assert.Equal(3, changes);
    }

    [Fact]
    public async Task Delete_TakesLinksAndDeliveries_AndUsageSaysSoFirst()
    {
        var a = await WebhookAsync("A");
        await BroadcastAsync("Family", a.Id);
        var provider = await ProviderAsync();
        await Get<LinkService>().CreateAsync(Owner, new LinkInput(provider.Id, a.Id), Ct);
        await DeliveryAsync(a.Id, DeliveryStatus.Pending);

        var usage = await Targets.UsageAsync(Owner, a.Id, Ct);
        Assert.Equal(1, usage!.LinkCount);
        Assert.Equal(1, usage.PendingDeliveryCount);
        Assert.Equal(["Family"], usage.Broadcasts);

        Assert.True(await Targets.DeleteAsync(Owner, a.Id, Ct));
        await using var db = await Get<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Links.ToListAsync());
        Assert.Empty(await db.Deliveries.ToListAsync());
        Assert.Empty(await db.BroadcastMembers.ToListAsync());
    }
}
