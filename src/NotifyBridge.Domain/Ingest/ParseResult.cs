namespace NotifyBridge.Domain.Ingest;

/// <summary>The three answers a parser can give; the endpoint maps them to 2xx, 202 and 400.</summary>
public abstract record ParseResult
{
    private ParseResult() { }

    /// <summary>Becomes an event.</summary>
    public sealed record Accepted(NormalizedEvent Event) : ParseResult;

    /// <summary>Well-formed but not something we turn into an event (e.g. an unsupported Gitea event): 202, nothing stored.</summary>
    public sealed record Ignored(string Reason) : ParseResult;

    /// <summary>Malformed input: 400 with a message naming the problem, nothing stored.</summary>
    public sealed record Rejected(string Message) : ParseResult;
}
