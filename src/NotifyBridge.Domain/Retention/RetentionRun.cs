namespace NotifyBridge.Domain.Retention;

/// <summary>One run of the retention job: what it removed and how long it took.</summary>
public sealed class RetentionRun
{
    public long Id { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public DateTime Cutoff { get; set; }
    public long RowsDeleted { get; set; }

    /// <summary>Rows removed per table, as a JSON object (e.g. {"Events":120,"WebhookPayloadLog":40}).</summary>
    public string DetailsJson { get; set; } = "{}";
    public string? Error { get; set; }

    public TimeSpan? Duration => FinishedAt - StartedAt;
}
