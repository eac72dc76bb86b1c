using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Settings;

public sealed class SettingsValidationException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

/// <summary>
/// Reads and writes the singleton <see cref="AppSettings"/> row. Reads are served from a
/// cached copy that is replaced on every save, so hot paths (dispatch, quiet hours) never
/// query settings.
/// </summary>
public sealed class AppSettingsService(IDbContextFactory<NotifyBridgeDbContext> contextFactory, TimeProvider timeProvider)
{
    // Settings and their resolved zone are swapped together, so a reader never pairs new settings with an old zone.
    private volatile Cached? _cached;

    private sealed record Cached(AppSettings Settings, TimeZoneInfo Zone)
    {
        public static Cached Of(AppSettings settings) => new(Copy(settings), FindTimeZone(settings.TimeZoneId) ?? TimeZoneInfo.Utc);
    }

    public event Action<AppSettings>? Changed;

    public async Task<AppSettings> GetAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached) return Copy(cached.Settings);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var settings = await db.AppSettings.AsNoTracking().SingleAsync(s => s.Id == AppSettings.SingletonId, cancellationToken).ConfigureAwait(false);
        _cached = Cached.Of(settings);
        return Copy(settings);
    }

    /// <summary>The app time zone, resolved once per settings change (dispatch asks for it per batch).</summary>
    public async Task<TimeZoneInfo> GetTimeZoneAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached) return cached.Zone;
        await GetAsync(cancellationToken).ConfigureAwait(false);
        return _cached!.Zone;
    }

    public async Task<AppSettings> SaveAsync(AppSettings proposed, CancellationToken cancellationToken)
    {
        var errors = AppSettingsRules.Validate(proposed, id => FindTimeZone(id) is not null);
        if (errors.Count > 0) throw new SettingsValidationException(errors);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.AppSettings.SingleAsync(s => s.Id == AppSettings.SingletonId, cancellationToken).ConfigureAwait(false);
        row.TimeZoneId = proposed.TimeZoneId;
        row.RetentionDays = proposed.RetentionDays;
        row.DefaultLocale = proposed.DefaultLocale;
        row.OutboundNetworkPolicy = proposed.OutboundNetworkPolicy;
        row.UpdatedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        _cached = Cached.Of(row);
        Changed?.Invoke(Copy(row));
        return Copy(row);
    }

    public static TimeZoneInfo? FindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    private static AppSettings Copy(AppSettings s) => new()
    {
        Id = s.Id,
        TimeZoneId = s.TimeZoneId,
        RetentionDays = s.RetentionDays,
        DefaultLocale = s.DefaultLocale,
        OutboundNetworkPolicy = s.OutboundNetworkPolicy,
        UpdatedAt = s.UpdatedAt,
    };
}
