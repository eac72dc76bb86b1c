namespace NotifyBridge.Domain.Ingest;

/// <summary>Size limits every parser applies to the <see cref="NormalizedEvent"/> it produces.</summary>
public static class IngestLimits
{
    /// <summary>Maximum length of <see cref="NormalizedEvent.Title"/> (single line, "…" when cut).</summary>
    public const int TitleMaxLength = 300;

    /// <summary>Maximum length of <see cref="NormalizedEvent.Summary"/> ("…" when cut).</summary>
    public const int SummaryMaxLength = 2000;

    /// <summary>Target upper bound of <see cref="NormalizedEvent.DetailsJson"/> in UTF-8 bytes.</summary>
    public const int DetailsMaxBytes = 16 * 1024;

    /// <summary>Maximum length of URLs, actors, collection ids and names.</summary>
    public const int FieldMaxLength = 500;

    /// <summary>Delivery ids longer than this (or with control characters) are treated as absent.</summary>
    public const int DeliveryIdMaxLength = 200;
}
