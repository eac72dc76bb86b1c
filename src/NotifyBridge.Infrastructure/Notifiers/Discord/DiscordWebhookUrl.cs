using System.Text.RegularExpressions;

namespace NotifyBridge.Infrastructure.Notifiers.Discord;

/// <summary>
/// A Discord webhook URL as the Discord UI copies it (<c>https://discord.com/api/webhooks/{id}/{token}</c>),
/// turned into the Execute Webhook address on API v10.
/// </summary>
/// <remarks>
/// Any http(s) host is accepted, not only discord.com: canary/ptb hosts, discordapp.com, and the
/// fake Discord the tests (and anyone trying NotifyBridge offline) run on 127.0.0.1. The path must
/// end in <c>/webhooks/{numeric id}/{token}</c>, optionally after <c>/api</c> or <c>/api/v{n}</c>.
/// An unversioned URL would reach Discord's default API version (v6, deprecated), so the path
/// is rewritten to <c>/api/v10/webhooks/...</c>. A query (e.g. <c>thread_id</c>) is kept.
/// </remarks>
public sealed partial record DiscordWebhookUrl(Uri ExecuteUri, string WebhookId)
{
    public const string Expected = "https://discord.com/api/webhooks/{id}/{token}";

    [GeneratedRegex(@"^(?<prefix>.*?)(?:/api(?:/v\d+)?)?/webhooks/(?<id>\d{1,20})/(?<token>[A-Za-z0-9_\-.]+)/?$", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();

    public static bool TryParse(string? value, out DiscordWebhookUrl? url, out string error)
    {
        url = null;
        error = $"The Discord webhook URL must look like {Expected}.";
        if (string.IsNullOrWhiteSpace(value)) return false;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.UserInfo))
            return false;
        var match = PathPattern().Match(uri.AbsolutePath);
        if (!match.Success) return false;
        var builder = new UriBuilder(uri)
        {
            Path = $"{match.Groups["prefix"].Value}/api/v10/webhooks/{match.Groups["id"].Value}/{match.Groups["token"].Value}",
            Fragment = "",
        };
        url = new DiscordWebhookUrl(builder.Uri, match.Groups["id"].Value);
        return true;
    }

    /// <summary>The webhook id from a URL, or null when it is not a webhook URL (for lane keys).</summary>
    public static string? IdOf(string? value) => TryParse(value, out var url, out _) ? url!.WebhookId : null;

    /// <summary>The Execute Webhook address with <c>wait=true</c> added to whatever query the URL had.</summary>
    public Uri WithWait()
    {
        var query = ExecuteUri.Query.TrimStart('?');
        var kept = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("wait=", StringComparison.OrdinalIgnoreCase) && !p.Equals("wait", StringComparison.OrdinalIgnoreCase)));
        return new UriBuilder(ExecuteUri) { Query = kept.Length == 0 ? "wait=true" : kept + "&wait=true" }.Uri;
    }
}
