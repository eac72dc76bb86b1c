using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Security;

namespace NotifyBridge.Infrastructure.Targets;

/// <summary>
/// Turns stored targets into what notifiers need (settings parsed, secrets decrypted, bot token).
/// Snapshots are cached per target and version (UpdatedAt), so the delivery worker does not
/// decrypt per delivery; the cache is bounded by the number of configured targets and is
/// dropped on any target or bot change (<see cref="Invalidate"/>).
/// </summary>
public sealed class NotifierTargetResolver(IDbContextFactory<NotifyBridgeDbContext> contextFactory, ISecretProtector protector)
{
    private const int MaxCached = 4096;
    private readonly Lock _gate = new();
    private Dictionary<long, NotifierTarget> _cache = [];

    /// <summary>Call after saving or deleting a target or a bot.</summary>
    public void Invalidate()
    {
        lock (_gate) _cache = [];
    }

    public async Task<NotifierTarget?> GetAsync(long targetId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(targetId, out var cached)) return cached;
        }
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var target = await db.Targets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == targetId, cancellationToken).ConfigureAwait(false);
        if (target is null) return null;
        TelegramBot? bot = null;
        if (target.TelegramBotId is { } botId)
            bot = await db.TelegramBots.AsNoTracking().FirstOrDefaultAsync(b => b.Id == botId, cancellationToken).ConfigureAwait(false);
        var resolved = Resolve(target, bot);
        lock (_gate)
        {
            if (_cache.Count >= MaxCached) _cache = [];
            _cache[targetId] = resolved;
        }
        return resolved;
    }

    /// <summary>Builds the notifier's view of a target (also used by "Send test" on unsaved edits).</summary>
    public NotifierTarget Resolve(NotificationTarget target, TelegramBot? bot)
    {
        ArgumentNullException.ThrowIfNull(target);
        var secrets = target.SecretsProtected is { Length: > 0 } protectedSecrets
            ? TargetSecrets.FromJson(protector.Unprotect(protectedSecrets))
            : TargetSecrets.Empty;
        var credentials = bot is null ? null : new TelegramBotCredentials(bot.Id, protector.Unprotect(bot.TokenProtected), bot.ApiBaseUrl);
        return new NotifierTarget(target.Id, target.Name, target.Type, TargetSettings.Read(target.Type, target.SettingsJson), secrets, credentials);
    }
}
