using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Accounts;

namespace NotifyBridge.Infrastructure.Identity;

/// <summary>
/// User management shared by the Users page, the first-run setup and the command line.
/// Guards the rule that the instance always keeps at least one enabled admin.
/// </summary>
public sealed class UserAdministration(UserManager<ApplicationUser> users, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken).ConfigureAwait(false);
        var admins = (await users.GetUsersInRoleAsync(Roles.Admin).ConfigureAwait(false)).Select(u => u.Id).ToHashSet();
        var now = timeProvider.GetUtcNow();
        return [.. all.Select(u => new UserSummary(u.Id, u.Email ?? u.UserName ?? u.Id, u.DisplayName,
            admins.Contains(u.Id) ? Roles.Admin : Roles.User, u.IsDisabled, u.LockoutEnd > now, u.CreatedAt))];
    }

    public Task<bool> AnyUserExistsAsync(CancellationToken cancellationToken) => users.Users.AnyAsync(cancellationToken);

    public async Task<(OperationResult Result, ApplicationUser? User)> CreateAsync(string email, string password, string role, string? displayName = null)
    {
        email = email.Trim();
        if (!Roles.All.Contains(role)) return (OperationResult.Fail($"Unknown role '{role}'."), null);
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
            return (OperationResult.Fail("Enter a valid email address."), null);
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            CreatedAt = timeProvider.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, password).ConfigureAwait(false);
        if (!created.Succeeded) return (OperationResult.From(created), null);
        var added = await users.AddToRoleAsync(user, role).ConfigureAwait(false);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user).ConfigureAwait(false);
            return (OperationResult.From(added), null);
        }
        return (OperationResult.Ok, user);
    }

    public async Task<OperationResult> ResetPasswordAsync(string userIdOrEmail, string newPassword)
    {
        var user = await FindAsync(userIdOrEmail).ConfigureAwait(false);
        if (user is null) return OperationResult.Fail($"No user '{userIdOrEmail}'.");
        var token = await users.GeneratePasswordResetTokenAsync(user).ConfigureAwait(false);
        var result = await users.ResetPasswordAsync(user, token, newPassword).ConfigureAwait(false);
        if (result.Succeeded) await users.SetLockoutEndDateAsync(user, null).ConfigureAwait(false);
        return OperationResult.From(result);
    }

    public async Task<OperationResult> SetDisabledAsync(string userId, bool disabled, string actingUserId)
    {
        var user = await users.FindByIdAsync(userId).ConfigureAwait(false);
        if (user is null) return OperationResult.Fail("User not found.");
        if (disabled && user.Id == actingUserId) return OperationResult.Fail("You cannot disable your own account.");
        if (disabled && await IsLastEnabledAdminAsync(user).ConfigureAwait(false))
            return OperationResult.Fail("At least one enabled admin must remain.");
        user.IsDisabled = disabled;
        var result = await users.UpdateAsync(user).ConfigureAwait(false);
        // A new security stamp signs the user out of existing browser sessions.
        if (result.Succeeded && disabled) await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        return OperationResult.From(result);
    }

    public async Task<OperationResult> SetRoleAsync(string userId, string role, string actingUserId)
    {
        if (!Roles.All.Contains(role)) return OperationResult.Fail($"Unknown role '{role}'.");
        var user = await users.FindByIdAsync(userId).ConfigureAwait(false);
        if (user is null) return OperationResult.Fail("User not found.");
        var isAdmin = await users.IsInRoleAsync(user, Roles.Admin).ConfigureAwait(false);
        if (isAdmin && role != Roles.Admin)
        {
            if (user.Id == actingUserId) return OperationResult.Fail("You cannot remove your own admin role.");
            if (await IsLastEnabledAdminAsync(user).ConfigureAwait(false)) return OperationResult.Fail("At least one enabled admin must remain.");
        }
        var current = await users.GetRolesAsync(user).ConfigureAwait(false);
        var removed = await users.RemoveFromRolesAsync(user, current).ConfigureAwait(false);
        if (!removed.Succeeded) return OperationResult.From(removed);
        return OperationResult.From(await users.AddToRoleAsync(user, role).ConfigureAwait(false));
    }

    public async Task<ApplicationUser?> FindAsync(string userIdOrEmail) =>
        await users.FindByIdAsync(userIdOrEmail).ConfigureAwait(false) ?? await users.FindByEmailAsync(userIdOrEmail).ConfigureAwait(false);

    private async Task<bool> IsLastEnabledAdminAsync(ApplicationUser user)
    {
        if (!await users.IsInRoleAsync(user, Roles.Admin).ConfigureAwait(false)) return false;
        var admins = await users.GetUsersInRoleAsync(Roles.Admin).ConfigureAwait(false);
        return admins.Count(a => !a.IsDisabled && a.Id != user.Id) == 0;
    }
}
