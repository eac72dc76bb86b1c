using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Web.Components.Pages.Dashboard;

namespace NotifyBridge.Tests.Web.Components;

public sealed class HourlyChartTests
{
    private static readonly DateTime Now = new(2026, 3, 10, 14, 25, 0, DateTimeKind.Utc);
    private static readonly Dictionary<long, string> Names = new() { [1] = "Forge", [2] = "Home" };

    [Fact]
    public void Last24Hours_HasEveryHour_ZeroWhenQuiet_OneSeriesPerProvider_BusiestFirst()
    {
        HourlyBucket[] buckets =
        [
            new(1, new DateTime(2026, 3, 10, 14, 0, 0, DateTimeKind.Utc), 3),
            new(2, new DateTime(2026, 3, 10, 13, 0, 0, DateTimeKind.Utc), 5),
            new(2, new DateTime(2026, 3, 9, 15, 0, 0, DateTimeKind.Utc), 1),
            new(1, new DateTime(2026, 3, 9, 14, 0, 0, DateTimeKind.Utc), 9), // 24 h ago: outside
        ];

        var chart = HourlyChart.Last24Hours(buckets, Names, Now, TimeZoneInfo.Utc);

        Assert.Equal(24, chart.Labels.Length);
        Assert.Equal("15", chart.Labels[0]);
        Assert.Equal("14", chart.Labels[^1]);
        Assert.Equal(["Home", "Forge"], chart.Series.Select(s => s.Name));
        var home = chart.Series[0].Data.Values.ToArray();
        Assert.Equal(1, home[0]);
        Assert.Equal(5, home[22]);
        Assert.Equal(6, home.Sum());
        Assert.Equal(3, chart.Series[1].Data.Values.ToArray()[23]);
    }

    [Fact]
    public void Last7Days_SumsPerLocalDay_LabelledInTheAppTimeZone()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("Plus10", TimeSpan.FromHours(10), "Plus10", "Plus10");
        HourlyBucket[] buckets =
        [
            // Local = UTC+10, so "now" is 00:25 on Wednesday the 11th locally. 13:00 UTC on the 9th
            // is 23:00 local on the 9th; 14:00 UTC is local midnight of the next day.
            new(1, new DateTime(2026, 3, 9, 13, 0, 0, DateTimeKind.Utc), 2),
            new(1, new DateTime(2026, 3, 9, 14, 0, 0, DateTimeKind.Utc), 4),
            new(1, new DateTime(2026, 3, 10, 14, 0, 0, DateTimeKind.Utc), 1),
        ];

        var chart = HourlyChart.Last7Days(buckets, Names, Now, zone);

        Assert.Equal(["Thu 5", "Fri 6", "Sat 7", "Sun 8", "Mon 9", "Tue 10", "Wed 11"], chart.Labels);
        Assert.Equal([0, 0, 0, 0, 2, 4, 1], chart.Series.Single().Data.Values.ToArray());
        Assert.Equal(new DateTime(2026, 3, 4, 14, 0, 0, DateTimeKind.Utc), HourlyChart.SevenDaysFromUtc(Now, zone));
    }

    [Fact]
    public void NoBuckets_MakeAnEmptyChart()
    {
        Assert.True(HourlyChart.Last24Hours([], Names, Now, TimeZoneInfo.Utc).IsEmpty);
    }
}
