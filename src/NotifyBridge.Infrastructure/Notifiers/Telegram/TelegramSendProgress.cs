using System.Collections.Concurrent;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

/// <summary>
/// Which requests of a multi-request delivery (a split text, text + album, several albums) already
/// went out, by the delivery's idempotency key. Telegram has no idempotency key of its own, so
/// without this a retry after "part 2 got a 429" would post part 1 again. Kept in memory: after a
/// restart a partly sent delivery starts over (the same "in flight when the process died" case
/// the delivery pipeline accepts). Bounded in size and age.
/// </summary>
public sealed class TelegramSendProgress(TimeProvider timeProvider)
{
    internal const int MaxEntries = 10_000;
    internal static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(int Fingerprint, IReadOnlyList<int> MessageIds, int Steps, DateTimeOffset Touched);

    /// <summary>How many requests already went out for this delivery and the message ids they got; (0, []) to start over.</summary>
    public (int Steps, IReadOnlyList<int> MessageIds) Resume(string key, int fingerprint)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Fingerprint == fingerprint && timeProvider.GetUtcNow() - entry.Touched < MaxAge)
            return (entry.Steps, entry.MessageIds);
        _entries.TryRemove(key, out _);
        return (0, []);
    }

    /// <summary>One more request of the delivery went out.</summary>
    public void Record(string key, int fingerprint, IReadOnlyList<int> messageIds)
    {
        var now = timeProvider.GetUtcNow();
        _entries.AddOrUpdate(key,
            _ => new Entry(fingerprint, [.. messageIds], 1, now),
            (_, existing) => existing.Fingerprint == fingerprint
                ? new Entry(fingerprint, [.. existing.MessageIds, .. messageIds], existing.Steps + 1, now)
                : new Entry(fingerprint, [.. messageIds], 1, now));
        if (_entries.Count > MaxEntries) Prune(now);
    }

    public void Forget(string key) => _entries.TryRemove(key, out _);

    internal int Count => _entries.Count;

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.Touched >= MaxAge) _entries.TryRemove(key, out _);
        }
        var excess = _entries.Count - MaxEntries;
        if (excess <= 0) return;
        foreach (var (key, _) in _entries.OrderBy(e => e.Value.Touched).Take(excess)) _entries.TryRemove(key, out _);
    }
}
