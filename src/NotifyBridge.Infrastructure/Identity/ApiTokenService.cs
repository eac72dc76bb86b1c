using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Accounts;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Persistence.CompiledQueries;

namespace NotifyBridge.Infrastructure.Identity;

public sealed record CreatedApiToken(ApiToken Token, string PlainText);

public sealed record ApiTokenPrincipal(string UserId, string UserName, IReadOnlyList<string> Roles, long TokenId);

/// <summary>Creates, lists, revokes and authenticates personal API tokens.</summary>
public sealed class ApiTokenService(IDbContextFactory<NotifyBridgeDbContext> contextFactory, TimeProvider timeProvider)
{
    public const int MaxNameLength = 100;

    // Writing "last used" on every request would turn each API read into a write.
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private static readonly PerModel<Func<NotifyBridgeDbContext, string, Task<ApiToken?>>> FindByHash = new(() =>
        EF.CompileAsyncQuery((NotifyBridgeDbContext db, string hash) => db.ApiTokens.AsNoTracking().FirstOrDefault(t => t.TokenHash == hash)));

    public async Task<CreatedApiToken> CreateAsync(string ownerId, string name, DateTime? expiresAt, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length is 0 or > MaxNameLength)
            throw new ArgumentException($"Token name must be 1 to {MaxNameLength} characters.", nameof(name));
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (expiresAt is { } expiry && expiry <= now)
            throw new ArgumentException("The expiry date must be in the future.", nameof(expiresAt));

        var plain = ApiTokenSecret.Generate();
        var token = new ApiToken
        {
            OwnerId = ownerId,
            Name = name,
            TokenHash = ApiTokenSecret.Hash(plain),
            Prefix = ApiTokenSecret.DisplayPrefix(plain),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new CreatedApiToken(token, plain);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string ownerId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.ApiTokens.AsNoTracking().Where(t => t.OwnerId == ownerId)
            .OrderByDescending(t => t.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RevokeAsync(string ownerId, long tokenId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.OwnerId == ownerId, cancellationToken).ConfigureAwait(false);
        if (token is null || token.RevokedAt is not null) return false;
        token.RevokedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Resolves a bearer token to its active, enabled owner; null when it does not authenticate.</summary>
    public async Task<ApiTokenPrincipal?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiTokenSecret.LooksValid(presented)) return null;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var token = await FindByHash.For(db)(db, ApiTokenSecret.Hash(presented)).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (token is null || !token.IsActiveAt(now)) return null;

        var user = await db.Users.AsNoTracking().Where(u => u.Id == token.OwnerId)
            .Select(u => new { u.Id, u.UserName, u.IsDisabled }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (user is null || user.IsDisabled) return null;
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == user.Id
                           select r.Name!).ToListAsync(cancellationToken).ConfigureAwait(false);

        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution)
        {
            await db.ApiTokens.Where(t => t.Id == token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken).ConfigureAwait(false);
        }
        return new ApiTokenPrincipal(user.Id, user.UserName ?? user.Id, roles, token.Id);
    }
}
