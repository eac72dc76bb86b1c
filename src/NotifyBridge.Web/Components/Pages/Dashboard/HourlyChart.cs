using System.Globalization;
using MudBlazor;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Web.Components.Shared;

namespace NotifyBridge.Web.Components.Pages.Dashboard;

/// <summary>
/// Chart points from the hourly buckets: one series per provider, every slot present (a quiet
/// hour is a 0, not a gap), labelled in the app time zone. The last 24 hours are hourly; the
/// last 7 days are summed per local day so the chart stays readable.
/// </summary>
public sealed record HourlyChart(string[] Labels, List<ChartSeries<double>> Series)
{
    public bool IsEmpty => Series.Count == 0;

    /// <summary>Where the 7-day chart starts: local midnight six days ago, as UTC.</summary>
    public static DateTime SevenDaysFromUtc(DateTime nowUtc, TimeZoneInfo zone) =>
        AppTime.LocalDateToUtc(AppTime.ToLocal(nowUtc, zone).Date.AddDays(-6), zone);

    public static HourlyChart Last24Hours(IEnumerable<HourlyBucket> buckets, IReadOnlyDictionary<long, string> names, DateTime nowUtc, TimeZoneInfo zone)
    {
        var last = EventHourlyCount.HourOf(nowUtc);
        var first = last.AddHours(-23);
        var labels = Enumerable.Range(0, 24).Select(i =>
        {
            var local = AppTime.ToLocal(first.AddHours(i), zone);
            return local.ToString(local.Minute == 0 ? "HH" : "HH:mm", CultureInfo.InvariantCulture);
        }).ToArray();
        return Build(buckets, names, labels, b => b.HourStart >= first && b.HourStart <= last ? (int)(b.HourStart - first).TotalHours : -1);
    }

    public static HourlyChart Last7Days(IEnumerable<HourlyBucket> buckets, IReadOnlyDictionary<long, string> names, DateTime nowUtc, TimeZoneInfo zone)
    {
        var firstDay = AppTime.ToLocal(nowUtc, zone).Date.AddDays(-6);
        var labels = Enumerable.Range(0, 7).Select(i => firstDay.AddDays(i).ToString("ddd d", CultureInfo.InvariantCulture)).ToArray();
        return Build(buckets, names, labels, b =>
        {
            var day = (int)(AppTime.ToLocal(b.HourStart, zone).Date - firstDay).TotalDays;
            return day is >= 0 and < 7 ? day : -1;
        });
    }

    private static HourlyChart Build(IEnumerable<HourlyBucket> buckets, IReadOnlyDictionary<long, string> names, string[] labels, Func<HourlyBucket, int> slotOf)
    {
        var perProvider = new Dictionary<long, double[]>();
        foreach (var bucket in buckets)
        {
            var slot = slotOf(bucket);
            if (slot < 0 || bucket.Count <= 0) continue;
            if (!perProvider.TryGetValue(bucket.ProviderId, out var values)) perProvider[bucket.ProviderId] = values = new double[labels.Length];
            values[slot] += bucket.Count;
        }
        var series = perProvider
            .OrderByDescending(p => p.Value.Sum()).ThenBy(p => p.Key)
            .Select(p => new ChartSeries<double>
            {
                Name = names.TryGetValue(p.Key, out var name) ? name : $"Provider #{p.Key}",
                Data = p.Value,
            })
            .ToList();
        return new HourlyChart(labels, series);
    }
}
