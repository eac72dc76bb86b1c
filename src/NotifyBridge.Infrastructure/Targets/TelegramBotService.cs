using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers.Telegram;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Security;

namespace NotifyBridge.Infrastructure.Targets;

/// <summary>What an owner gives to add a bot: the token from @BotFather and, for a self-hosted Bot API server, its URL.</summary>
public sealed record TelegramBotInput(string Token, string? Name = null, string? ApiBaseUrl = null);

/// <summary>A bot as shown to its owner (never its token).</summary>
public sealed record TelegramBotView(long Id, string Name, string? Username, long TelegramUserId, string? ApiBaseUrl, int TargetCount, DateTime CreatedAt)
{
    public string Display => Username is { Length: > 0 } u ? $"@{u}" : Name;
}

public enum BotDeleteOutcome
{
    Deleted,
    NotFound,
    InUse,
}

public sealed record BotDeleteResult(BotDeleteOutcome Outcome, IReadOnlyList<string> UsedBy)
{
    public string Message => Outcome switch
    {
        BotDeleteOutcome.Deleted => "Bot deleted.",
        BotDeleteOutcome.NotFound => "The bot no longer exists.",
        _ => $"The bot still sends for {string.Join(", ", UsedBy.Select(n => $"\"{n}\""))}. Delete those targets or give them another bot first.",
    };
}

/// <summary>Adds (after getMe says the token works), lists and deletes an owner's Telegram bots.</summary>
public sealed class TelegramBotService(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    ISecretProtector protector,
    ITelegramBotCheck check,
    NotifierTargetResolver resolver,
    TimeProvider timeProvider)
{
    public const int MaxNameLength = 100;

    public async Task<IReadOnlyList<TelegramBotView>> ListAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.TelegramBots.AsNoTracking().Where(b => b.OwnerId == ownerId).OrderBy(b => b.Name)
            .Select(b => new TelegramBotView(b.Id, b.Name, b.Username, b.TelegramUserId, b.ApiBaseUrl,
                db.Targets.Count(t => t.TelegramBotId == b.Id), b.CreatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Validates the token with getMe before anything is stored; a token of a bot the owner
    /// already has replaces that bot's token (tokens can be revoked and reissued by @BotFather).
    /// </summary>
    public async Task<TelegramBotView> AddAsync(string ownerId, TelegramBotInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var token = input.Token?.Trim() ?? "";
        var errors = new Dictionary<string, string>();
        // The Telegram notifier's own rules: a typo is a field error, never a call to Telegram.
        if (TelegramBotRules.TokenError(token) is { } tokenError) errors["Token"] = tokenError;
        if (TelegramBotRules.ApiBaseUrlError(input.ApiBaseUrl) is { } urlError) errors["ApiBaseUrl"] = urlError;
        var apiBaseUrl = TelegramBotRules.NormalizeApiBaseUrl(input.ApiBaseUrl);
        if (input.Name is { } name && name.Trim().Length > MaxNameLength) errors["Name"] = $"Name must be at most {MaxNameLength} characters.";
        if (errors.Count > 0) throw new TargetValidationException(errors);

        var answer = await check.CheckAsync(token, apiBaseUrl ?? TelegramBot.DefaultApiBaseUrl, cancellationToken).ConfigureAwait(false);
        // getMe's answer is shown as it is: it names the server and what it said.
        if (!answer.Ok || answer.Id is not { } telegramId)
            throw new TargetValidationException("Token", answer.Error is { Length: > 0 } error ? error : "Telegram refused the token.");

        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var bot = await db.TelegramBots.FirstOrDefaultAsync(b => b.OwnerId == ownerId && b.TelegramUserId == telegramId, cancellationToken).ConfigureAwait(false);
        if (bot is null)
        {
            bot = new TelegramBot { OwnerId = ownerId, Name = "", TokenProtected = "", TelegramUserId = telegramId, CreatedAt = now };
            db.TelegramBots.Add(bot);
        }
        bot.Name = input.Name is { } given && !string.IsNullOrWhiteSpace(given) ? given.Trim() : answer.Username ?? $"bot {telegramId}";
        bot.Username = answer.Username;
        bot.TokenProtected = protector.Protect(token);
        bot.ApiBaseUrl = apiBaseUrl;
        bot.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        resolver.Invalidate();
        return new TelegramBotView(bot.Id, bot.Name, bot.Username, bot.TelegramUserId, bot.ApiBaseUrl,
            await db.Targets.CountAsync(t => t.TelegramBotId == bot.Id, cancellationToken).ConfigureAwait(false), bot.CreatedAt);
    }

    /// <summary>Deletes a bot no target uses; otherwise says which targets still do.</summary>
    public async Task<BotDeleteResult> DeleteAsync(string ownerId, long id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var bot = await db.TelegramBots.FirstOrDefaultAsync(b => b.Id == id && b.OwnerId == ownerId, cancellationToken).ConfigureAwait(false);
        if (bot is null) return new(BotDeleteOutcome.NotFound, []);
        var users = await db.Targets.Where(t => t.TelegramBotId == id).OrderBy(t => t.Name).Select(t => t.Name)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (users.Count > 0) return new(BotDeleteOutcome.InUse, users);
        db.TelegramBots.Remove(bot);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // A target took the bot between the check and the delete (the foreign key restricts).
            return new(BotDeleteOutcome.InUse, await db.Targets.Where(t => t.TelegramBotId == id).Select(t => t.Name)
                .ToListAsync(cancellationToken).ConfigureAwait(false));
        }
        resolver.Invalidate();
        return new(BotDeleteOutcome.Deleted, []);
    }
}
