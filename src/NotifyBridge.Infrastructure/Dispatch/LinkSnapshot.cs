using NotifyBridge.Domain.Dispatch.QuietHours;
using NotifyBridge.Domain.Links;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>A link as dispatch needs it: parsed once per snapshot, with its broadcast already expanded.</summary>
public sealed record PlannedLink(
    long Id,
    long? ProviderId,
    LinkFilter Filter,
    QuietHoursPolicy QuietHours,
    string? Locale,
    bool SummaryMode,
    TimeSpan? BurstWindow,
    IReadOnlyList<long> TargetIds);

/// <summary>Every enabled link with at least one enabled target, by provider.</summary>
public sealed class LinkSnapshot(IReadOnlyList<PlannedLink> links)
{
    public static readonly LinkSnapshot Empty = new([]);

    private readonly ILookup<long?, PlannedLink> _byProvider = links.ToLookup(l => l.ProviderId);
    private readonly Dictionary<long, PlannedLink> _byId = links.ToDictionary(l => l.Id);

    public IReadOnlyList<PlannedLink> Links { get; } = links;

    public IEnumerable<PlannedLink> ForProvider(long? providerId) => _byProvider[providerId];

    /// <summary>The link if it is enabled and still reaches a target.</summary>
    public PlannedLink? Find(long linkId) => _byId.GetValueOrDefault(linkId);
}
