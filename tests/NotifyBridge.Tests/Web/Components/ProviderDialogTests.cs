using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using NotifyBridge.Domain.Providers;
using NotifyBridge.Infrastructure.Providers;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Web.Components.Pages.Providers;

namespace NotifyBridge.Tests.Web.Components;

/// <summary>The create/edit provider dialog against the real provider service.</summary>
public sealed class ProviderDialogTests : InfrastructureComponentTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SignInAsync();
    }

    [Fact]
    public async Task ProviderDialog_EmptyName_ShowsTheNameError_ThenCreatesWithAName()
    {
        var host = Render<MudDialogProvider>();
        var dialog = await ShowAsync(host, provider: null);

        host.Find("[data-testid=save-provider]").Click();
        host.WaitForAssertion(() => Assert.Contains("Name must be 1 to 200 characters.", host.Markup, StringComparison.Ordinal));
        Assert.Empty(await Get<ProviderService>().ListAsync(UserId, CancellationToken.None));

        host.Find("input[data-testid=provider-name]").Change("Forge");
        host.Find("[data-testid=save-provider]").Click();

        var result = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(result!.Canceled);
        var created = Assert.Single(await Get<ProviderService>().ListAsync(UserId, CancellationToken.None));
        Assert.Equal("Forge", created.Name);
        Assert.Equal(ProviderType.Gitea, created.Type);
        Assert.NotNull(created.WebhookSlug);
        Assert.True(created.HasWebhookSecret);
    }

    [Fact]
    public async Task ProviderDialog_GenericMapping_IsSavedInCamelCase_AndOtherSettingsAreKept()
    {
        var providers = Get<ProviderService>();
        var existing = await providers.CreateAsync(UserId,
            new ProviderInput("Script", ProviderType.GenericWebhook, SettingsJson: """{"keep":1,"titlePath":"old"}"""), CancellationToken.None);
        var host = Render<MudDialogProvider>();
        var dialog = await ShowAsync(host, existing);

        host.Find("input[data-testid=mapping-titlePath]").Input("data.title");
        host.Find("input[data-testid=mapping-collectionPath]").Input("items[0].name");
        host.Find("[data-testid=save-provider]").Click();
        await dialog.Result.WaitAsync(TimeSpan.FromSeconds(5));

        var saved = await providers.GetAsync(UserId, existing.Id, CancellationToken.None);
        Assert.Equal("""{"keep":1,"titlePath":"data.title","collectionPath":"items[0].name"}""", saved!.SettingsJson);
    }

    private async Task<IDialogReference> ShowAsync(IRenderedComponent<MudDialogProvider> host, ProviderView? provider)
    {
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await host.InvokeAsync(async () => reference = await dialogs.ShowAsync<ProviderDialog>("Provider",
            new DialogParameters<ProviderDialog> { { d => d.OwnerId, UserId }, { d => d.Provider, provider } }));
        host.WaitForElement("[data-testid=save-provider]");
        return reference!;
    }
}
