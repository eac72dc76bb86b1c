using Bunit;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Web.Components.Shared;

namespace NotifyBridge.Tests.Web.Components;

public sealed class StatCardTests : MudComponentTestBase
{
    [Fact]
    public void Renders_LabelAndGroupedValue()
    {
        var card = Render<StatCard>(p => p
            .Add(c => c.Label, "Events received")
            .Add(c => c.Value, 1234567)
            .Add(c => c.TestId, "stat-events"));

        Assert.Equal("1,234,567", card.Find("h5").TextContent);
        GoldenFile.AssertMatches("stat-card", card.Markup);
    }
}
