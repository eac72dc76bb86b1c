using System.Text;
using System.Text.Json;
using NotifyBridge.Domain.Ingest;

namespace NotifyBridge.Tests.Domain.Ingest;

/// <summary>Loads the copied protocol fixtures (Fixtures/…, copied to the output directory byte for byte).</summary>
internal static class IngestFixtures
{
    public const string GiteaSecret = "123";

    public static IReadOnlyList<string> GiteaNames { get; } =
    [
        "push", "push_docs_example", "create_branch", "delete_branch", "create_tag", "delete_tag",
        "issues_opened", "issue_comment_created", "pull_request_comment_created",
        "pull_request_opened", "pull_request_merged", "release_published", "release_published_gitea_1_16",
    ];

    public static TheoryData<string> GiteaNameData()
    {
        var data = new TheoryData<string>();
        foreach (var name in GiteaNames) data.Add(name);
        return data;
    }

    public static string PathOf(string provider, string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", provider, file);

    public static byte[] GiteaBody(string name) => File.ReadAllBytes(PathOf("gitea", name + ".json"));

    public static Dictionary<string, string> GiteaHeaders(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(PathOf("gitea", name + ".headers.json")));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in document.RootElement.GetProperty("headers").EnumerateObject())
            headers[header.Name] = header.Value.GetString()!;
        return headers;
    }

    public static InboundRequest GiteaRequest(string name) => new()
    {
        Method = "POST",
        Headers = GiteaHeaders(name),
        Body = GiteaBody(name),
    };

    /// <summary>An HA *.request.json fixture (method, url with query, headers, body text or json) as an inbound request.</summary>
    public static InboundRequest HomeAssistantRequest(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(PathOf("homeassistant", file)));
        return FromDescription(document.RootElement);
    }

    /// <summary>The "expect" requests of rest_command_core_tests.requests.json, by service name.</summary>
    public static InboundRequest HomeAssistantCoreTestRequest(string service)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(PathOf("homeassistant", "rest_command_core_tests.requests.json")));
        var entry = document.RootElement.GetProperty("requests").EnumerateArray()
            .Single(r => r.GetProperty("service").GetString() == service);
        return FromDescription(entry.GetProperty("expect"));
    }

    public static InboundRequest FromDescription(JsonElement description)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (description.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in h.EnumerateObject()) headers[header.Name] = header.Value.GetString()!;
        }

        byte[] body = [];
        if (description.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String) body = Encoding.UTF8.GetBytes(b.GetString()!);
        else if (description.TryGetProperty("json", out var j)) body = Encoding.UTF8.GetBytes(j.GetRawText());

        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (description.TryGetProperty("url", out var u) && u.GetString() is { } url && url.IndexOf('?', StringComparison.Ordinal) is var q and >= 0)
        {
            foreach (var pair in url[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                query[Decode(parts[0])] = parts.Length > 1 ? Decode(parts[1]) : "";
            }
        }

        return new InboundRequest
        {
            Method = description.GetProperty("method").GetString()!,
            Headers = headers,
            Query = query,
            Body = body,
        };
    }

    public static InboundRequest Request(
        string body,
        string? contentType = "application/json",
        string method = "POST",
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        IEnumerable<KeyValuePair<string, string>>? query = null)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (contentType is not null) all["Content-Type"] = contentType;
        foreach (var (name, value) in headers ?? []) all[name] = value;
        return new InboundRequest
        {
            Method = method,
            Headers = all,
            Query = new Dictionary<string, string>(query ?? [], StringComparer.OrdinalIgnoreCase),
            Body = Encoding.UTF8.GetBytes(body),
        };
    }

    /// <summary>application/x-www-form-urlencoded encoding as Go's url.Values.Encode and Python's urlencode produce it (space as '+').</summary>
    public static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    public static NormalizedEvent Accepted(ParseResult result) =>
        Assert.IsType<ParseResult.Accepted>(result).Event;

    public static string Rejected(ParseResult result) =>
        Assert.IsType<ParseResult.Rejected>(result).Message;

    public static string Ignored(ParseResult result) =>
        Assert.IsType<ParseResult.Ignored>(result).Reason;
}
