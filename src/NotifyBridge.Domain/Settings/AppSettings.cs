namespace NotifyBridge.Domain.Settings;

/// <summary>Instance-wide settings an admin edits in the browser. Exactly one row (Id = 1).</summary>
public sealed class AppSettings
{
    public const int SingletonId = 1;
    public const int MaxRetentionDays = 3650;

    public int Id { get; set; } = SingletonId;

    /// <summary>IANA time zone id used for quiet hours, retention schedule and charts.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>Days to keep event log and payload log rows; 0 keeps them forever.</summary>
    public int RetentionDays { get; set; } = 30;

    public string DefaultLocale { get; set; } = "en";

    public OutboundNetworkPolicy OutboundNetworkPolicy { get; set; } = OutboundNetworkPolicy.AllowPrivateNetworks;

    public DateTime UpdatedAt { get; set; }

    public static IReadOnlyList<string> SupportedLocales { get; } = ["en", "de"];
}
