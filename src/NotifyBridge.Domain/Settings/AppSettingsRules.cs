namespace NotifyBridge.Domain.Settings;

public static class AppSettingsRules
{
    /// <summary>Returns the problems with the proposed settings, keyed by field; empty when valid.</summary>
    public static Dictionary<string, string> Validate(AppSettings settings, Func<string, bool> timeZoneExists)
    {
        var errors = new Dictionary<string, string>();
        if (settings.RetentionDays is < 0 or > AppSettings.MaxRetentionDays)
            errors[nameof(settings.RetentionDays)] = $"Retention days must be between 0 (keep forever) and {AppSettings.MaxRetentionDays}.";
        if (string.IsNullOrWhiteSpace(settings.TimeZoneId) || !timeZoneExists(settings.TimeZoneId))
            errors[nameof(settings.TimeZoneId)] = $"Unknown time zone '{settings.TimeZoneId}'.";
        if (!AppSettings.SupportedLocales.Contains(settings.DefaultLocale))
            errors[nameof(settings.DefaultLocale)] = $"Locale must be one of: {string.Join(", ", AppSettings.SupportedLocales)}.";
        if (!Enum.IsDefined(settings.OutboundNetworkPolicy))
            errors[nameof(settings.OutboundNetworkPolicy)] = "Unknown network policy.";
        return errors;
    }

    public static string DescribeRetention(int retentionDays) =>
        retentionDays == 0 ? "Events are kept forever (retention is off)." : $"Events older than {retentionDays} days are deleted every night.";
}
