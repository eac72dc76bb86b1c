using NotifyBridge.Domain.Dispatch.QuietHours;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Infrastructure.Dispatch;
using NotifyBridge.Infrastructure.Links;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Tests.TestSupport.Admin;

namespace NotifyBridge.Tests.Infrastructure.Links;

public sealed class LinkServiceTests : AdminServicesTestBase
{
    private LinkService Links => Get<LinkService>();

    [Fact]
    public async Task Create_RoundTripsEverySetting()
    {
        var provider = await ProviderAsync();
        var target = await WebhookAsync("Hook");
        var input = new LinkInput(provider.Id, target.Id, [EventTypes.Push, EventTypes.ReleasePublished], EventSeverity.Normal,
            new LinkDisplayOptions(MaxAssets: 5, IncludePeople: false), "de", new TimeOnly(22, 0), new TimeOnly(7, 0),
            LinkDisplayMask(DayOfWeek.Friday, DayOfWeek.Saturday), NonDeferrableBehaviour.Deliver, EventSeverity.Critical, SummaryMode: true,
            BurstWindowSeconds: 60, Enabled: false, Name: "Night watch");

        var created = await Links.CreateAsync(Owner, input, Ct);

        Assert.Equal(input with { EventTypes = created.EventTypes }, created.ToInput());
        Assert.Equal([EventTypes.Push, EventTypes.ReleasePublished], created.EventTypes);
        Assert.Equal(("Forge", "Hook"), (created.ProviderName, created.TargetName));
        Assert.True(created.HasQuietHours);
    }

    private static int LinkDisplayMask(params DayOfWeek[] days) => NotificationLink.DaysMask(days);

    [Fact]
    public async Task Validation_ReportsEachProblemByField()
    {
        var error = await Assert.ThrowsAsync<LinkValidationException>(() => Links.CreateAsync(Owner, new LinkInput(
            null, 0, ["Push!"], Locale: "fr", QuietStart: new TimeOnly(22, 0), QuietDaysMask: 0, BurstWindowSeconds: 3601,
            Display: new LinkDisplayOptions(MaxAssets: 51)), Ct));

        Assert.Equal(["BurstWindowSeconds", "EventTypes", "Locale", "MaxAssets", "ProviderId", "QuietDaysMask", "QuietEnd", "TargetId"], error.Errors.Keys.Order());
        Assert.Equal("Quiet hours need both a start and an end (or neither).", error.Errors["QuietEnd"]);
        Assert.Contains("\"Push!\"", error.Errors["EventTypes"], StringComparison.Ordinal);
        Assert.Empty(await Links.ListAsync(Owner, Ct));
    }

    [Fact]
    public async Task ProviderAndTarget_MustBeTheOwners()
    {
        var other = await CreateUserAsync("other@example.test");
        var theirProvider = await ProviderAsync("Theirs", other);
        var theirTarget = await WebhookAsync("Theirs", owner: other);
        var error = await Assert.ThrowsAsync<LinkValidationException>(() => Links.CreateAsync(Owner, new LinkInput(theirProvider.Id, theirTarget.Id), Ct));
        Assert.Equal("That provider does not exist (any more).", error.Errors["ProviderId"]);
        Assert.Equal("That target does not exist (any more).", error.Errors["TargetId"]);
    }

    [Fact]
    public async Task EmptyLocale_MeansTheAppDefault()
    {
        var link = await Links.CreateAsync(Owner, new LinkInput((await ProviderAsync()).Id, (await WebhookAsync("Hook")).Id, Locale: ""), Ct);
        Assert.Null(link.Locale);
        Assert.Empty(link.EventTypes);
    }

    [Fact]
    public async Task EveryChange_IsAnnounced_AndForeignLinksAreUntouchable()
    {
        var changes = 0;
        Get<LinkConfigurationChanged>().Changed += () => changes++;
        var input = new LinkInput((await ProviderAsync()).Id, (await WebhookAsync("Hook")).Id);
        var changesBefore = changes;
        var link = await Links.CreateAsync(Owner, input, Ct);
        await Links.UpdateAsync(Owner, link.Id, input with { BurstWindowSeconds = 30 }, Ct);
        var other = await CreateUserAsync("other@example.test");
        Assert.Null(await Links.UpdateAsync(other, link.Id, input, Ct));
        Assert.False(await Links.DeleteAsync(other, link.Id, Ct));
        Assert.True(await Links.DeleteAsync(Owner, link.Id, Ct));
        Assert.Equal(3, changes - changesBefore);
    }

    [Fact]
    public async Task SavedLink_ReachesThePlannersSnapshotAtOnce()
    {
        var snapshots = Get<LinkSnapshotCache>();
        await using var db = await Get<Microsoft.EntityFrameworkCore.IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        Assert.Empty((await snapshots.GetAsync(db, Ct)).Links);

        await Links.CreateAsync(Owner, new LinkInput((await ProviderAsync()).Id, (await WebhookAsync("Hook")).Id), Ct);

        Assert.Single((await snapshots.GetAsync(db, Ct)).Links);
    }
}
