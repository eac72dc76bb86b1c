using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Dispatch.QuietHours;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Links;

/// <summary>
/// What an owner may set on a link. An empty <see cref="EventTypes"/> lets every type through;
/// quiet hours are on when both <see cref="QuietStart"/> and <see cref="QuietEnd"/> are set.
/// </summary>
public sealed record LinkInput(
    long? ProviderId,
    long TargetId,
    IReadOnlyList<string>? EventTypes = null,
    EventSeverity? MinSeverity = null,
    LinkDisplayOptions? Display = null,
    string? Locale = null,
    TimeOnly? QuietStart = null,
    TimeOnly? QuietEnd = null,
    int QuietDaysMask = LinkService.EveryDay,
    NonDeferrableBehaviour NonDeferrable = NonDeferrableBehaviour.Drop,
    EventSeverity? BypassSeverity = null,
    bool SummaryMode = false,
    int BurstWindowSeconds = 0,
    bool Enabled = true,
    string? Name = null);

/// <summary>A link as shown to its owner, with the provider's and target's names.</summary>
public sealed record LinkView(
    long Id,
    string? Name,
    long? ProviderId,
    string? ProviderName,
    long TargetId,
    string TargetName,
    TargetType TargetType,
    IReadOnlyList<string> EventTypes,
    EventSeverity? MinSeverity,
    LinkDisplayOptions Display,
    string? Locale,
    TimeOnly? QuietStart,
    TimeOnly? QuietEnd,
    int QuietDaysMask,
    NonDeferrableBehaviour NonDeferrable,
    EventSeverity? BypassSeverity,
    bool SummaryMode,
    int BurstWindowSeconds,
    bool Enabled,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public bool HasQuietHours => QuietStart is not null && QuietEnd is not null;

    public LinkInput ToInput() => new(ProviderId, TargetId, EventTypes, MinSeverity, Display, Locale, QuietStart, QuietEnd,
        QuietDaysMask, NonDeferrable, BypassSeverity, SummaryMode, BurstWindowSeconds, Enabled, Name);
}

/// <summary>Field errors, keyed by the input field (ProviderId, TargetId, EventTypes, QuietStart, ...).</summary>
public sealed class LinkValidationException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

/// <summary>Create, read, update and delete links, scoped to one owner; every change is announced.</summary>
public sealed class LinkService(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    LinkConfigurationChanged configurationChanged,
    TimeProvider timeProvider)
{
    public const int EveryDay = 127;
    public const int MaxBurstWindowSeconds = 3600;
    public const int MaxEventTypes = 100;

    public async Task<IReadOnlyList<LinkView>> ListAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await ViewsAsync(db, ownerId, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<LinkView?> GetAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return (await ViewsAsync(db, ownerId, id, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<LinkView> CreateAsync(string ownerId, LinkInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await ValidateAsync(db, ownerId, input, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var link = new NotificationLink { OwnerId = ownerId, CreatedAt = now };
        Apply(link, input, now);
        db.Links.Add(link);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        configurationChanged.Notify();
        return (await GetAsync(ownerId, link.Id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<LinkView?> UpdateAsync(string ownerId, long id, LinkInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var link = await db.Links.FirstOrDefaultAsync(l => l.Id == id && l.OwnerId == ownerId, cancellationToken).ConfigureAwait(false);
        if (link is null) return null;
        await ValidateAsync(db, ownerId, input, cancellationToken).ConfigureAwait(false);
        Apply(link, input, timeProvider.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        configurationChanged.Notify();
        return await GetAsync(ownerId, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes a link. Its single-event deliveries stay (their link reference is cleared); its deferred
    /// rows, and the deliveries made from them, go with it (the database cascades).
    /// </summary>
    public async Task<bool> DeleteAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var link = await db.Links.FirstOrDefaultAsync(l => l.Id == id && l.OwnerId == ownerId, cancellationToken).ConfigureAwait(false);
        if (link is null) return false;
        db.Links.Remove(link);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        configurationChanged.Notify();
        return true;
    }

    /// <summary>The checks that need no database; field errors keyed like <see cref="LinkInput"/>'s properties.</summary>
    public static Dictionary<string, string> ValidateShape(LinkInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>();
        if (input.Name is { } name && name.Trim().Length > NotificationLink.MaxNameLength)
            errors[nameof(input.Name)] = $"Name must be at most {NotificationLink.MaxNameLength} characters.";
        var types = input.EventTypes ?? [];
        if (types.Count > MaxEventTypes)
            errors[nameof(input.EventTypes)] = $"At most {MaxEventTypes} event types.";
        else if (types.FirstOrDefault(t => !EventTypes.IsValid(t)) is { } badType)
            errors[nameof(input.EventTypes)] = $"\"{badType}\" is not an event type (lower-case letters, digits and _, at most {EventTypes.MaxLength}).";
        if (input.MinSeverity is { } min && !Enum.IsDefined(min)) errors[nameof(input.MinSeverity)] = "Unknown severity.";
        if (input.BypassSeverity is { } bypass && !Enum.IsDefined(bypass)) errors[nameof(input.BypassSeverity)] = "Unknown severity.";
        if (!Enum.IsDefined(input.NonDeferrable)) errors[nameof(input.NonDeferrable)] = "Choose drop or deliver.";
        if (!string.IsNullOrWhiteSpace(input.Locale) && !AppSettings.SupportedLocales.Contains(input.Locale))
            errors[nameof(input.Locale)] = $"Locale must be one of: {string.Join(", ", AppSettings.SupportedLocales)} (or empty for the app's default).";
        if (input.QuietStart is null != input.QuietEnd is null)
            errors[input.QuietStart is null ? nameof(input.QuietStart) : nameof(input.QuietEnd)] = "Quiet hours need both a start and an end (or neither).";
        if (input.QuietDaysMask is < 1 or > EveryDay)
            errors[nameof(input.QuietDaysMask)] = "Choose at least one day for quiet hours.";
        if (input.BurstWindowSeconds is < 0 or > MaxBurstWindowSeconds)
            errors[nameof(input.BurstWindowSeconds)] = $"The burst window is 0 to {MaxBurstWindowSeconds} seconds (0 sends every event on its own).";
        if (input.Display is { } display && display.MaxAssets is < 0 or > LinkDisplayOptions.MaxAssetsLimit)
            errors["MaxAssets"] = $"Assets shown must be 0 to {LinkDisplayOptions.MaxAssetsLimit}.";
        return errors;
    }

    private static async Task ValidateAsync(NotifyBridgeDbContext db, string ownerId, LinkInput input, CancellationToken cancellationToken)
    {
        var errors = ValidateShape(input);
        if (input.ProviderId is not { } providerId)
            errors[nameof(input.ProviderId)] = "Choose the provider whose events this link sends.";
        else if (!await db.Providers.AnyAsync(p => p.Id == providerId && p.OwnerId == ownerId, cancellationToken).ConfigureAwait(false))
            errors[nameof(input.ProviderId)] = "That provider does not exist (any more).";
        if (!await db.Targets.AnyAsync(t => t.Id == input.TargetId && t.OwnerId == ownerId, cancellationToken).ConfigureAwait(false))
            errors[nameof(input.TargetId)] = input.TargetId == 0 ? "Choose the target to send to." : "That target does not exist (any more).";
        if (errors.Count > 0) throw new LinkValidationException(errors);
    }

    private static void Apply(NotificationLink link, LinkInput input, DateTime now)
    {
        link.Name = string.IsNullOrWhiteSpace(input.Name) ? null : input.Name.Trim();
        link.ProviderId = input.ProviderId;
        link.TargetId = input.TargetId;
        link.EventTypesJson = LinkFilter.WriteTypes(input.EventTypes ?? []);
        link.MinSeverity = input.MinSeverity;
        link.DisplayOptionsJson = (input.Display ?? LinkDisplayOptions.Default).ToJson();
        link.Locale = string.IsNullOrWhiteSpace(input.Locale) ? null : input.Locale;
        link.QuietStart = input.QuietStart;
        link.QuietEnd = input.QuietEnd;
        link.QuietDaysMask = input.QuietDaysMask;
        link.NonDeferrable = input.NonDeferrable;
        link.BypassSeverity = input.BypassSeverity;
        link.SummaryMode = input.SummaryMode;
        link.BurstWindowSeconds = input.BurstWindowSeconds;
        link.Enabled = input.Enabled;
        link.UpdatedAt = now;
    }

    private static async Task<IReadOnlyList<LinkView>> ViewsAsync(NotifyBridgeDbContext db, string ownerId, long? id, CancellationToken cancellationToken)
    {
        var rows = await (from l in db.Links.AsNoTracking()
                          join t in db.Targets on l.TargetId equals t.Id
                          where l.OwnerId == ownerId && (id == null || l.Id == id)
                          orderby t.Name, l.Id
                          select new
                          {
                              Link = l,
                              TargetName = t.Name,
                              TargetType = t.Type,
                              ProviderName = db.Providers.Where(p => p.Id == l.ProviderId).Select(p => p.Name).FirstOrDefault(),
                          }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new LinkView(
            r.Link.Id, r.Link.Name, r.Link.ProviderId, r.ProviderName, r.Link.TargetId, r.TargetName, r.TargetType,
            LinkFilter.ReadTypes(r.Link.EventTypesJson), r.Link.MinSeverity, LinkDisplayOptions.FromJson(r.Link.DisplayOptionsJson),
            r.Link.Locale, r.Link.QuietStart, r.Link.QuietEnd, r.Link.QuietDaysMask, r.Link.NonDeferrable, r.Link.BypassSeverity,
            r.Link.SummaryMode, r.Link.BurstWindowSeconds, r.Link.Enabled, r.Link.CreatedAt, r.Link.UpdatedAt))];
    }
}
