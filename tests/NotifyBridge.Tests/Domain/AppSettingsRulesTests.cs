using NotifyBridge.Domain.Settings;

namespace NotifyBridge.Tests.Domain;

public sealed class AppSettingsRulesTests
{
    private static readonly Func<string, bool> KnownZones = id => id is "UTC" or "Europe/Berlin";

    [Fact]
    public void Defaults_AreValid() => Assert.Empty(AppSettingsRules.Validate(new AppSettings(), KnownZones));

    [Theory]
    [InlineData(-1)]
    [InlineData(AppSettings.MaxRetentionDays + 1)]
    public void RetentionOutOfRange_IsRejected(int days) =>
        Assert.Contains(nameof(AppSettings.RetentionDays), AppSettingsRules.Validate(new AppSettings { RetentionDays = days }, KnownZones).Keys);

    [Fact]
    public void UnknownZoneOrLocale_IsRejected()
    {
        var errors = AppSettingsRules.Validate(new AppSettings { TimeZoneId = "Nowhere/City", DefaultLocale = "xx" }, KnownZones);
        Assert.Contains(nameof(AppSettings.TimeZoneId), errors.Keys);
        Assert.Contains(nameof(AppSettings.DefaultLocale), errors.Keys);
    }

    [Fact]
    public void RetentionZero_IsDescribedAsKeepForever()
    {
        Assert.Contains("forever", AppSettingsRules.DescribeRetention(0), StringComparison.Ordinal);
        Assert.Contains("30 days", AppSettingsRules.DescribeRetention(30), StringComparison.Ordinal);
    }
}
