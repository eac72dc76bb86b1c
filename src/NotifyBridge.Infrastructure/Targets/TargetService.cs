using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Links;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Security;

namespace NotifyBridge.Infrastructure.Targets;

/// <summary>
/// Create, read, update and delete targets; every call but <see cref="ExpandAsync"/> is scoped
/// to one owner. Secrets are encrypted on the way in and never come back out (views say which
/// are set). Every change drops the resolver's cache and tells the dispatch planner.
/// </summary>
public sealed class TargetService(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    ISecretProtector protector,
    NotifierTargetResolver resolver,
    LinkConfigurationChanged configurationChanged,
    TimeProvider timeProvider)
{
    private readonly Lock _expansionGate = new();
    private Dictionary<long, IReadOnlyList<long>> _expansions = [];

    public async Task<IReadOnlyList<TargetView>> ListAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var targets = await db.Targets.AsNoTracking().Where(t => t.OwnerId == ownerId).OrderBy(t => t.Name)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return await ViewsAsync(db, ownerId, targets, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TargetView?> GetAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var target = await db.Targets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.OwnerId == ownerId, cancellationToken).ConfigureAwait(false);
        return target is null ? null : (await ViewsAsync(db, ownerId, [target], cancellationToken).ConfigureAwait(false))[0];
    }

    public async Task<TargetView> CreateAsync(string ownerId, TargetInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var target = new NotificationTarget { OwnerId = ownerId, Name = "", CreatedAt = now };
        await ApplyAsync(db, target, input, existingId: null, cancellationToken).ConfigureAwait(false);
        target.UpdatedAt = now;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            db.Targets.Add(target);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await ReplaceMembersAsync(db, target, input, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        Changed();
        return (await GetAsync(ownerId, target.Id, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Updates a target; null when it does not exist (for this owner). Omitted secrets are kept.</summary>
    public async Task<TargetView?> UpdateAsync(string ownerId, long id, TargetInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var target = await db.Targets.FirstOrDefaultAsync(t => t.Id == id && t.OwnerId == ownerId, cancellationToken).ConfigureAwait(false);
        if (target is null) return null;
        if (target.Type != input.Type)
            throw new TargetValidationException(nameof(input.Type), "The type of a target cannot change; create a new target.");
        await ApplyAsync(db, target, input, existingId: id, cancellationToken).ConfigureAwait(false);
        target.UpdatedAt = timeProvider.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await ReplaceMembersAsync(db, target, input, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        Changed();
        return await GetAsync(ownerId, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a target with its links, memberships and deliveries (the database cascades).</summary>
    public async Task<bool> DeleteAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var target = await db.Targets.FirstOrDefaultAsync(t => t.Id == id && t.OwnerId == ownerId, cancellationToken).ConfigureAwait(false);
        if (target is null) return false;
        db.Targets.Remove(target);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        Changed();
        return true;
    }

    /// <summary>What a delete would remove, for the confirmation dialog.</summary>
    public async Task<TargetUsage?> UsageAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await db.Targets.AnyAsync(t => t.Id == id && t.OwnerId == ownerId, cancellationToken).ConfigureAwait(false)) return null;
        var links = await db.Links.CountAsync(l => l.TargetId == id, cancellationToken).ConfigureAwait(false);
        var pending = await db.Deliveries.CountAsync(d => d.TargetId == id && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Sending), cancellationToken).ConfigureAwait(false);
        var broadcasts = await (from m in db.BroadcastMembers
                                join t in db.Targets on m.BroadcastTargetId equals t.Id
                                where m.MemberTargetId == id
                                orderby t.Name
                                select t.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new TargetUsage(links, pending, broadcasts);
    }

    /// <summary>
    /// The distinct enabled non-broadcast targets a target reaches (itself, or a broadcast's
    /// members through nested broadcasts). For the dispatch planner: cached per target until the
    /// next target change, so a broadcast to 50 targets is expanded once, not per event.
    /// </summary>
    public async Task<IReadOnlyList<long>> ExpandAsync(long targetId, CancellationToken cancellationToken)
    {
        lock (_expansionGate)
        {
            if (_expansions.TryGetValue(targetId, out var cached)) return cached;
        }
        var snapshot = _expansions;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var owner = await db.Targets.Where(t => t.Id == targetId).Select(t => t.OwnerId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (owner is null) return [];
        var expanded = (await LoadGraphAsync(db, owner, cancellationToken).ConfigureAwait(false)).Expand(targetId);
        lock (_expansionGate)
        {
            // A change while loading replaced the cache: this answer may be stale, so do not keep it.
            if (ReferenceEquals(snapshot, _expansions)) _expansions[targetId] = expanded;
        }
        return expanded;
    }

    /// <summary>Validates an input as if saving it and builds the (unsaved) row, for "Send test" on unsaved edits.</summary>
    internal async Task<(NotificationTarget Target, TelegramBot? Bot, TargetGraph Graph)> PrepareAsync(
        string ownerId, TargetInput input, long? existingId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        NotificationTarget target;
        if (existingId is { } id)
        {
            target = await db.Targets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.OwnerId == ownerId, cancellationToken).ConfigureAwait(false)
                ?? throw new TargetValidationException("Id", "This target no longer exists.");
            if (target.Type != input.Type) throw new TargetValidationException(nameof(input.Type), "The type of a target cannot change; create a new target.");
        }
        else
        {
            target = new NotificationTarget { OwnerId = ownerId, Name = "" };
        }
        await ApplyAsync(db, target, input, existingId, cancellationToken, checkName: false).ConfigureAwait(false);
        var bot = target.TelegramBotId is { } botId
            ? await db.TelegramBots.AsNoTracking().FirstOrDefaultAsync(b => b.Id == botId, cancellationToken).ConfigureAwait(false)
            : null;
        var graph = await LoadGraphAsync(db, ownerId, cancellationToken).ConfigureAwait(false);
        return (target, bot, graph);
    }

    internal static async Task<TargetGraph> LoadGraphAsync(NotifyBridgeDbContext db, string ownerId, CancellationToken cancellationToken)
    {
        var nodes = await db.Targets.AsNoTracking().Where(t => t.OwnerId == ownerId)
            .Select(t => new TargetGraph.Node(t.Id, t.Name, t.Type, t.Enabled)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var edges = await (from m in db.BroadcastMembers
                           join t in db.Targets on m.BroadcastTargetId equals t.Id
                           where t.OwnerId == ownerId
                           select m).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return new TargetGraph(nodes, edges);
    }

    // Validates everything and copies the input onto the row (secrets encrypted); throws with all field errors at once.
    private async Task ApplyAsync(NotifyBridgeDbContext db, NotificationTarget target, TargetInput input, long? existingId,
        CancellationToken cancellationToken, bool checkName = true)
    {
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > NotificationTarget.MaxNameLength)
            errors[nameof(input.Name)] = $"Name must be 1 to {NotificationTarget.MaxNameLength} characters.";
        else if (checkName && await NameTakenAsync(db, target.OwnerId, name, existingId, cancellationToken).ConfigureAwait(false))
            errors[nameof(input.Name)] = $"You already have a target named \"{name}\".";
        if (!Enum.IsDefined(input.Type)) throw new TargetValidationException(nameof(input.Type), "Unknown target type.");

        var stored = target.SecretsProtected is { Length: > 0 } p ? TargetSecrets.FromJson(protector.Unprotect(p)) : TargetSecrets.Empty;
        var secrets = TargetSecretsInput.Merge(input.Type, stored, input.Secrets);
        var settings = Normalize(input.Settings);
        foreach (var (field, message) in TargetSettingsValidator.Validate(input.Type, settings, secrets)) errors.TryAdd(field, message);

        long? botId = null;
        if (input.Type == TargetType.Telegram)
        {
            botId = input.TelegramBotId;
            if (botId is null)
                errors[nameof(input.TelegramBotId)] = "Choose the bot that sends to this chat (or add one).";
            else if (!await db.TelegramBots.AnyAsync(b => b.Id == botId && b.OwnerId == target.OwnerId, cancellationToken).ConfigureAwait(false))
                errors[nameof(input.TelegramBotId)] = "That bot does not exist (any more).";
        }
        if (input.Type == TargetType.Broadcast)
            await ValidateMembersAsync(db, target.OwnerId, existingId ?? 0, input.MemberIds ?? [], errors, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0) throw new TargetValidationException(errors);

        target.Name = name;
        target.Type = input.Type;
        target.Enabled = input.Enabled;
        target.TelegramBotId = botId;
        target.SettingsJson = TargetSettings.Write(settings);
        target.SecretsProtected = secrets == TargetSecrets.Empty || secrets.ToJson() == "{}" ? null : protector.Protect(secrets.ToJson());
    }

    private static async Task ValidateMembersAsync(NotifyBridgeDbContext db, string ownerId, long broadcastId, IReadOnlyList<long> memberIds,
        Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        const string field = "Members";
        var ids = memberIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            errors[field] = "A broadcast needs at least one member.";
            return;
        }
        var graph = await LoadGraphAsync(db, ownerId, cancellationToken).ConfigureAwait(false);
        var known = await db.Targets.Where(t => t.OwnerId == ownerId && ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Except(known).Any())
            errors[field] = "Some members do not exist (any more).";
        else if (graph.FindCycle(broadcastId, ids) is { } cycle)
            errors[field] = cycle.Count == 2
                ? "A broadcast cannot contain itself."
                : $"These members would make a loop: {graph.Describe(cycle)}.";
    }

    private static async Task ReplaceMembersAsync(NotifyBridgeDbContext db, NotificationTarget target, TargetInput input, CancellationToken cancellationToken)
    {
        if (target.Type != TargetType.Broadcast) return;
        await db.BroadcastMembers.Where(m => m.BroadcastTargetId == target.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        db.BroadcastMembers.AddRange((input.MemberIds ?? []).Distinct().Select(m => new BroadcastMember { BroadcastTargetId = target.Id, MemberTargetId = m }));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task<bool> NameTakenAsync(NotifyBridgeDbContext db, string ownerId, string name, long? exceptId, CancellationToken cancellationToken)
    {
        var lowered = name.ToLowerInvariant();
        return db.Targets.AnyAsync(t => t.OwnerId == ownerId && t.Name.ToLower() == lowered && (exceptId == null || t.Id != exceptId), cancellationToken);
    }

    // Trims what people paste with stray spaces, and upper-cases the webhook method.
    private static TargetSettings Normalize(TargetSettings settings) => settings switch
    {
        TelegramTargetSettings t => t with { ChatId = t.ChatId?.Trim() ?? "" },
        DiscordTargetSettings d => d with { Username = Blank(d.Username), AvatarUrl = Blank(d.AvatarUrl) },
        EmailTargetSettings e => e with
        {
            Host = e.Host?.Trim() ?? "",
            From = e.From?.Trim() ?? "",
            UserName = Blank(e.UserName),
            To = [.. e.Recipients.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)],
        },
        MatrixTargetSettings m => m with { HomeserverUrl = m.HomeserverUrl?.Trim().TrimEnd('/') ?? "", RoomId = m.RoomId?.Trim() ?? "" },
        WebhookTargetSettings w => w with { Url = w.Url?.Trim() ?? "", Method = w.Method?.Trim().ToUpperInvariant() ?? "POST", BodyTemplate = Blank(w.BodyTemplate) },
        null => throw new TargetValidationException("Settings", "Settings are required."),
        _ => settings,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task<IReadOnlyList<TargetView>> ViewsAsync(NotifyBridgeDbContext db, string ownerId, List<NotificationTarget> targets, CancellationToken cancellationToken)
    {
        var ids = targets.Select(t => t.Id).ToList();
        var members = await db.BroadcastMembers.AsNoTracking().Where(m => ids.Contains(m.BroadcastTargetId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var bots = await db.TelegramBots.AsNoTracking().Where(b => b.OwnerId == ownerId)
            .ToDictionaryAsync(b => b.Id, b => b.Username is { } u ? "@" + u : b.Name, cancellationToken).ConfigureAwait(false);
        return [.. targets.Select(t => new TargetView(
            t.Id, t.Name, t.Type, t.Enabled, TargetSettings.Read(t.Type, t.SettingsJson),
            t.SecretsProtected is { Length: > 0 } p ? TargetSecretsState.Of(TargetSecrets.FromJson(protector.Unprotect(p))) : TargetSecretsState.None,
            t.TelegramBotId, t.TelegramBotId is { } b && bots.TryGetValue(b, out var botName) ? botName : null,
            [.. members.Where(m => m.BroadcastTargetId == t.Id).Select(m => m.MemberTargetId).Order()],
            t.ConsecutiveFailures, t.CircuitOpenUntil, t.CreatedAt, t.UpdatedAt))];
    }

    private void Changed()
    {
        lock (_expansionGate) _expansions = [];
        resolver.Invalidate();
        configurationChanged.Notify();
    }
}
