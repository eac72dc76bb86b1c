using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Retention;

/// <summary>
/// One growing table that the nightly retention run trims. A table added later joins
/// retention with one class and one registration (<c>services.AddRetentionPolicy&lt;T&gt;()</c>).
/// </summary>
public interface IRetentionPolicy
{
    /// <summary>Name shown on the Settings page and in the run's details.</summary>
    string Table { get; }

    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> rows older than <paramref name="cutoffUtc"/>
    /// (and whatever must change with them, in the same transaction); returns how many.
    /// Called repeatedly, each call in its own short transaction, until it returns 0.
    /// </summary>
    Task<int> DeleteBatchAsync(NotifyBridgeDbContext db, DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken);

    /// <summary>Rows currently stored, for the Settings page.</summary>
    Task<long> CountAsync(NotifyBridgeDbContext db, CancellationToken cancellationToken);
}
