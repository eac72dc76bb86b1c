namespace NotifyBridge.Infrastructure.Persistence;

public enum ReadinessState
{
    Starting,
    Migrating,
    Ready,
    Failed,
}

/// <summary>
/// Readiness of the database, separate from liveness: the HTTP listener (and
/// <c>/api/health</c>) are up before migrations run; <c>/api/ready</c> and everything that
/// touches the database wait for <see cref="WhenReady"/>.
/// </summary>
public sealed class DatabaseReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReadinessState State { get; private set; } = ReadinessState.Starting;
    public string? FailureReason { get; private set; }
    public bool IsReady => State == ReadinessState.Ready;

    /// <summary>Completes when the database is migrated and answering.</summary>
    public Task WhenReady => _ready.Task;

    public void MarkMigrating() => State = ReadinessState.Migrating;

    public void MarkReady()
    {
        State = ReadinessState.Ready;
        _ready.TrySetResult();
    }

    public void MarkFailed(string reason)
    {
        FailureReason = reason;
        State = ReadinessState.Failed;
    }
}
