using System.Globalization;
using NotifyBridge.Domain.Settings;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>Which of the shipped locales (<see cref="AppSettings.SupportedLocales"/>) a message is rendered in.</summary>
public static class TemplateLocales
{
    public const string Last = "en";

    /// <summary>
    /// The requested locale if supported ("de", or "de-AT" → "de"), else the app's default locale,
    /// else "en".
    /// </summary>
    public static string Resolve(string? requested, string? appDefault) => Match(requested) ?? Match(appDefault) ?? Last;

    public static bool IsSupported(string? locale) =>
        locale is not null && AppSettings.SupportedLocales.Contains(locale, StringComparer.Ordinal);

    /// <summary>Number formatting for the <c>number</c> filter and Fluid's own filters.</summary>
    public static CultureInfo Culture(string locale) => locale switch
    {
        "de" => CultureInfo.GetCultureInfo("de-DE"),
        _ => CultureInfo.GetCultureInfo("en-GB"),
    };

    /// <summary>Date and time as a message shows them ("14 Mar 2025, 09:30" / "14.03.2025, 09:30").</summary>
    public static string DateTime(DateTime local, string locale) => locale switch
    {
        "de" => local.ToString("dd.MM.yyyy, HH:mm", CultureInfo.InvariantCulture),
        _ => local.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture),
    };

    public static string Time(DateTime local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string? Match(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale)) return null;
        var trimmed = locale.Trim().ToLowerInvariant();
        var exact = AppSettings.SupportedLocales.FirstOrDefault(l => l == trimmed);
        if (exact is not null) return exact;
        var cut = trimmed.IndexOfAny(['-', '_']);
        return cut > 0 ? AppSettings.SupportedLocales.FirstOrDefault(l => l == trimmed[..cut]) : null;
    }
}
