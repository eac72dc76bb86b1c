namespace NotifyBridge.Infrastructure.Notifiers.Webhook;

/// <summary>
/// Rules for a webhook target's custom headers (e.g. Authorization). They may not replace what
/// NotifyBridge sets for verification (any X-NotifyBridge-* header) or what the HTTP stack owns
/// (Host, Content-Length, Transfer-Encoding, Connection); a Content-Type is allowed. At send
/// time reserved headers are skipped and malformed ones fail the send;
/// <see cref="Validate"/> lets a form refuse both at save time.
/// </summary>
public static class WebhookHeaders
{
    private static readonly HashSet<string> Owned = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection",
    };

    public static bool IsReserved(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("X-NotifyBridge-", StringComparison.OrdinalIgnoreCase) || Owned.Contains(name);
    }

    /// <summary>Why a header cannot be sent as written; null when it can (reserved names aside).</summary>
    public static string? Problem(string name, string value)
    {
        if (string.IsNullOrEmpty(name) || !name.All(IsTokenChar)) return $"'{name}' is not a valid header name.";
        if (value is null || value.Any(c => c is '\r' or '\n' or '\0')) return $"The value of header '{name}' contains a line break.";
        return null;
    }

    /// <summary>Every problem with a set of custom headers, for a settings form.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string>? headers)
    {
        var problems = new List<string>();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (Problem(name, value) is { } problem) problems.Add(problem);
            else if (IsReserved(name)) problems.Add($"Header '{name}' is set by NotifyBridge and cannot be overridden.");
        }
        return problems;
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
