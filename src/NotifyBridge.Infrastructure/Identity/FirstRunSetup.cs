using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Accounts;

namespace NotifyBridge.Infrastructure.Identity;

/// <summary>
/// The first visitor of a fresh instance creates the admin account at <c>/setup</c>; once
/// any user exists the page is gone for good. The answer is cached after it turns false,
/// so the check costs nothing on later requests.
/// </summary>
public sealed class FirstRunSetup(IServiceScopeFactory scopeFactory)
{
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _completed;

    public async Task<bool> IsRequiredAsync(CancellationToken cancellationToken)
    {
        if (_completed) return false;
        await using var scope = scopeFactory.CreateAsyncScope();
        var exists = await scope.ServiceProvider.GetRequiredService<UserAdministration>().AnyUserExistsAsync(cancellationToken).ConfigureAwait(false);
        if (exists) _completed = true;
        return !exists;
    }

    public async Task<(OperationResult Result, ApplicationUser? User)> CreateFirstAdminAsync(string email, string password, CancellationToken cancellationToken)
    {
        await _createLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await IsRequiredAsync(cancellationToken).ConfigureAwait(false))
                return (OperationResult.Fail("Setup is already complete. Sign in instead."), null);
            await using var scope = scopeFactory.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateAsync(email, password, Roles.Admin).ConfigureAwait(false);
            if (created.Result.Succeeded) _completed = true;
            return created;
        }
        finally
        {
            _createLock.Release();
        }
    }
}
