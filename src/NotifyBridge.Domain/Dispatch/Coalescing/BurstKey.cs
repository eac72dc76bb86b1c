namespace NotifyBridge.Domain.Dispatch.Coalescing;

/// <summary>What events must share to coalesce into one burst: link, event type and collection.</summary>
public sealed record BurstKey(long LinkId, string EventType, string? CollectionId);
