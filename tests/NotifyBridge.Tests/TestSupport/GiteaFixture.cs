using System.Net.Http.Headers;
using System.Text.Json;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>
/// A real Gitea delivery from tests/NotifyBridge.Tests/Fixtures/gitea: the exact body bytes
/// and every header, signed (the fixtures use secret "123").
/// </summary>
public sealed class GiteaFixture
{
    public const string Secret = "123";

    private GiteaFixture(byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        Body = body;
        Headers = headers;
    }

    public byte[] Body { get; }
    public IReadOnlyDictionary<string, string> Headers { get; }

    public static GiteaFixture Load(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "gitea");
        var body = File.ReadAllBytes(Path.Combine(directory, $"{name}.json"));
        using var headerDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, $"{name}.headers.json")));
        var headers = headerDoc.RootElement.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return new GiteaFixture(body, headers);
    }

    public GiteaFixture WithHeader(string name, string value) =>
        new(Body, new Dictionary<string, string>(Headers) { [name] = value });

    public GiteaFixture WithBody(byte[] body) => new(body, Headers);

    /// <summary>Re-signs the exact body with another secret, as Gitea would for a hook with that secret.</summary>
    public GiteaFixture SignedWith(string secret) =>
        WithHeader("X-Gitea-Signature", Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), Body)));

    public HttpRequestMessage ToRequest(string webhookPath)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(webhookPath, UriKind.Relative)) { Content = new ByteArrayContent(Body) };
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            else request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }
}
