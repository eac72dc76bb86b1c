using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;

namespace NotifyBridge.Infrastructure.Ingest;

public enum IngestOutcome
{
    /// <summary>Committed (the event, if any, and the payload log row).</summary>
    Stored,

    /// <summary>The provider already has an event with this idempotency key; nothing new was stored.</summary>
    Duplicate,
}

public sealed record IngestResult(IngestOutcome Outcome, long? EventId);

/// <summary>
/// One unit for the ingest writer: an event to store (optional) and the payload log row of
/// the call that produced it (optional). Completed once committed.
/// </summary>
internal sealed class IngestWork(EventLogEntry? @event, WebhookPayloadLogEntry? payloadLog)
{
    public EventLogEntry? Event { get; } = @event;
    public WebhookPayloadLogEntry? PayloadLog { get; } = payloadLog;
    public TaskCompletionSource<IngestResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public IngestResult? Result { get; set; }

    /// <summary>Set when an earlier item of the same batch carries the same idempotency key.</summary>
    public IngestWork? DuplicateOf { get; set; }
}
