namespace NotifyBridge.Domain.Dispatch.Deferral;

/// <summary>
/// One pending deferred row exists per (link, collection, event type): forty "asset added to Trip"
/// events during the night become one morning notification, while a "Trip" and a "Work" album
/// stay apart. Collection is null for providers without collections.
/// </summary>
public sealed record DeferredBatchKey(long LinkId, string? CollectionId, string EventType);
