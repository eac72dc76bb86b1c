namespace NotifyBridge.Web.Components.Shared;

/// <summary>Initial theme handed from the HTTP request (cookie) to the interactive layout.</summary>
public sealed record ThemeState(bool DarkMode);

public static class ThemePreference
{
    public const string CookieName = "nb-theme";

    public static bool IsDark(string? cookieValue) => string.Equals(cookieValue, "dark", StringComparison.Ordinal);
}
