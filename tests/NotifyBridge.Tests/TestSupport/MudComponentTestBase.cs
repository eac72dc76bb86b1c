using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>
/// bUnit base with MudBlazor registered. Under xunit v2 the async dispose must be awaited
/// through IAsyncLifetime, or MudBlazor's async-only services fail the test on dispose.
/// </summary>
public abstract class MudComponentTestBase : BunitContext, IAsyncLifetime
{
    protected MudComponentTestBase()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await CleanUpAsync();
        await base.DisposeAsync();
    }

    protected virtual Task CleanUpAsync() => Task.CompletedTask;
}
