using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using NotifyBridge.Domain.Events;
using NotifyBridge.Infrastructure.Events;
using NotifyBridge.Infrastructure.Templates;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Components.Pages.Templates;

/// <summary>
/// The template editor: the body with a live, debounced preview against a sample or a recent
/// real event; a body that does not parse or render shows the error and cannot be saved.
/// </summary>
public sealed partial class TemplateEditorPage
{
    [Parameter] public string Name { get; set; } = "";
    [Parameter] public string Locale { get; set; } = "";
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private TemplateView? _view;
    private string _body = "";
    private TemplatePreview? _preview;
    private TemplateError? _error;
    private IReadOnlyList<EventRow>? _recent;
    private long? _eventId;
    private EventLogEntry? _event;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private string? _loadError;
    private bool _busy;
    private bool _checking;
    private int _generation;

    // Saving is allowed once the body differs, parses and renders: the preview just checked exactly that.
    private bool CanSave => !_busy && !_checking && _error is null && _view is not null && _body != _view.Body;

    protected override async Task OnParametersSetAsync()
    {
        _loadError = null;
        _eventId = null;
        _event = null;
        try
        {
            _view = await Templates.GetAsync(Name, Locale, CancellationToken.None);
        }
        catch (TemplateValidationException ex)
        {
            _loadError = ex.Message;
            return;
        }
        _body = _view.Body;
        _zone = await Settings.GetTimeZoneAsync(CancellationToken.None);
        _recent = await RecentEventsAsync();
        await PreviewAsync();
    }

    /// <summary>Event templates (and the fallback) can be previewed with a real recent event; batch, digest and test ones use samples.</summary>
    private async Task<IReadOnlyList<EventRow>?> RecentEventsAsync()
    {
        if (TemplateNames.IsSpecial(Name) && Name != TemplateNames.Fallback) return null;
        var owner = (await AuthState).User.UserId();
        var filter = new EventFilter(EventType: Name == TemplateNames.Fallback ? null : Name);
        return (await Events.PageAsync(owner, filter, null, 10, CancellationToken.None)).Items;
    }

    private async Task BodyChangedAsync(string? body)
    {
        _body = body ?? "";
        await PreviewAsync();
    }

    private async Task EventChangedAsync(long? id)
    {
        _eventId = id;
        _event = id is { } eventId ? await Events.GetAsync((await AuthState).User.UserId(), eventId, CancellationToken.None) : null;
        await PreviewAsync();
    }

    private async Task PreviewAsync()
    {
        var generation = ++_generation;
        _checking = true;
        var preview = await Renderer.PreviewAsync(Name, Locale, _body, _event, CancellationToken.None);
        if (generation != _generation) return; // a newer edit is being checked
        _preview = preview;
        _error = preview.Error;
        _checking = false;
    }

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            _view = await Templates.SaveAsync(Name, Locale, _body, CancellationToken.None);
            _body = _view.Body;
            Snackbar.Add($"Template saved (version {_view.Version}).", Severity.Success);
        }
        catch (TemplateValidationException ex)
        {
            _error = ex.Error ?? new TemplateError(ex.Message);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DiscardAsync()
    {
        _body = _view!.Body;
        await PreviewAsync();
    }

    private async Task ResetAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Reset to the built-in template?",
            $"Your version {_view!.Version} of this template is deleted and the built-in one is used again. This cannot be undone.",
            yesText: "Reset", cancelText: "Cancel");
        if (confirmed != true) return;
        _busy = true;
        await Templates.ResetToDefaultAsync(Name, Locale, CancellationToken.None);
        _view = await Templates.GetAsync(Name, Locale, CancellationToken.None);
        _body = _view.Body;
        _busy = false;
        Snackbar.Add("The built-in template is in use again.", Severity.Success);
        await PreviewAsync();
    }
}
