namespace NotifyBridge.Domain.Ingest;

/// <summary>
/// An inbound webhook call as the parsers see it: method, headers and query (both
/// case-insensitive) and the raw body bytes (already size-capped by the endpoint).
/// </summary>
public sealed class InboundRequest
{
    public required string Method { get; init; }
    public required IReadOnlyDictionary<string, string> Headers { get; init; }
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    public required byte[] Body { get; init; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? ContentType => Header("Content-Type");
}
