using NotifyBridge.Domain.Events;

namespace NotifyBridge.Domain.Ingest;

/// <summary>
/// What a parser makes of one accepted call: the typed, provider-independent event that
/// is stored in the event log. <see cref="CollectionId"/>/<see cref="CollectionName"/> name
/// the thing the event happened in (a repository, an album, a Home Assistant area…).
/// <see cref="DetailsJson"/> is a compact JSON object of the useful specifics (commits,
/// ref, labels…), never the whole raw payload (that stays in the payload log).
/// </summary>
public sealed record NormalizedEvent(
    string EventType,
    string Title,
    string Summary,
    string? Url,
    string? Actor,
    string? CollectionId,
    string? CollectionName,
    int AssetsCount,
    EventSeverity Severity,
    string DetailsJson);
