using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Infrastructure.Deliveries;
using NotifyBridge.Infrastructure.Targets;
using NotifyBridge.Web.Auth;

namespace NotifyBridge.Web.Components.Pages.Deliveries;

/// <summary>Filters, keyset paging, live refresh from the delivery stream, and redeliver.</summary>
public sealed partial class DeliveriesPage
{
    private const string All = "all";
    private const int PageSize = 50;

    // The error wraps (up to three lines) instead of one ellipsised line: the upstream's words are
    // what the admin came for (the title attribute still has all of it).
    private const string ErrorStyle =
        "display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; overflow-wrap: anywhere; min-width: 12em; max-width: 320px";

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>Opens the page filtered, e.g. /deliveries?status=dead.</summary>
    [SupplyParameterFromQuery(Name = "status")] public string? StatusQuery { get; set; }

    private readonly List<DeliveryRow> _rows = [];
    private IReadOnlyDictionary<DeliveryStatus, int> _counts = new Dictionary<DeliveryStatus, int>();
    private IReadOnlyList<TargetView> _targets = [];
    private string _ownerId = "";
    private string _status = All;
    private long? _targetId;
    private long? _nextBefore;
    private bool _loading = true;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    private IDisposable? _subscription;
    private bool _liveRunning;
    private bool _liveDirty;

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected override async Task OnInitializedAsync()
    {
        _subscription = DeliveryStream.Subscribe(notices => _ = InvokeAsync(RefreshLiveAsync));
        _ownerId = (await AuthState).User.UserId();
        _zone = await Settings.GetTimeZoneAsync(CancellationToken.None);
        _targets = await TargetService.ListAsync(_ownerId, CancellationToken.None);
        if (DeliveryLook.Statuses.Any(s => DeliveryLook.StatusName(s) == StatusQuery)) _status = StatusQuery!;
        await ReloadAsync();
    }

    // "sending" is a moment, not a state to browse: shown while something is in it (PostgreSQL keeps
    // claims as rows; on SQLite they live in the worker's memory and the rows stay pending).
    private bool ShowStatusChip(DeliveryStatus status) =>
        status != DeliveryStatus.Sending || _counts.GetValueOrDefault(status) > 0 || _status == DeliveryLook.StatusName(status);

    private DeliveryFilter Filter => new(DeliveryLook.Statuses.Cast<DeliveryStatus?>().FirstOrDefault(s => DeliveryLook.StatusName(s!.Value) == _status), _targetId);

    private async Task ReloadAsync()
    {
        _rows.Clear();
        _nextBefore = null;
        _counts = await Query.CountsAsync(_ownerId, CancellationToken.None);
        await LoadMoreAsync();
    }

    private async Task LoadMoreAsync()
    {
        _loading = true;
        var page = await Query.PageAsync(_ownerId, Filter, _nextBefore, PageSize, CancellationToken.None);
        _rows.AddRange(page.Rows);
        (_nextBefore, _loading) = (page.NextBefore, false);
    }

    // Deliveries moved on: re-read what is shown (as many rows as are loaded), a burst of notices coalescing into one more read.
    private async Task RefreshLiveAsync()
    {
        _liveDirty = true;
        if (_liveRunning) return;
        _liveRunning = true;
        try
        {
            while (_liveDirty)
            {
                _liveDirty = false;
                _counts = await Query.CountsAsync(_ownerId, CancellationToken.None);
                var page = await Query.PageAsync(_ownerId, Filter, null, Math.Clamp(_rows.Count, PageSize, DeliveryQuery.MaxPageSize), CancellationToken.None);
                _rows.Clear();
                _rows.AddRange(page.Rows);
                _nextBefore = page.NextBefore;
                StateHasChanged();
            }
        }
        catch (ObjectDisposedException)
        {
            // The page went away meanwhile.
        }
        finally
        {
            _liveRunning = false;
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private Task StatusChangedAsync(string? status)
    {
        _status = status ?? All;
        return ReloadAsync();
    }

    private Task TargetChangedAsync(long? targetId)
    {
        _targetId = targetId;
        return ReloadAsync();
    }

    private async Task RedeliverAsync(DeliveryRow row)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Redeliver?", $"Send \"{row.Subject}\" to \"{row.TargetName}\" again, with a fresh set of retries.",
            yesText: "Redeliver", cancelText: "Cancel");
        if (confirmed != true) return;
        var outcome = await Redelivery.RedeliverAsync(_ownerId, row.Id, CancellationToken.None);
        Snackbar.Add(outcome switch
        {
            RedeliverOutcome.Redelivered => "Queued for redelivery.",
            RedeliverOutcome.NotFound => "The delivery no longer exists.",
            _ => "The delivery is no longer dead; nothing to redeliver.",
        }, outcome == RedeliverOutcome.Redelivered ? Severity.Success : Severity.Warning);
        await ReloadAsync();
    }

    private async Task RedeliverAllAsync(long targetId)
    {
        var name = _targets.FirstOrDefault(t => t.Id == targetId)?.Name;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Redeliver all?", $"Send every dead delivery of \"{name}\" again.", yesText: "Redeliver all", cancelText: "Cancel");
        if (confirmed != true) return;
        var count = await Redelivery.RedeliverDeadForTargetAsync(_ownerId, targetId, CancellationToken.None) ?? 0;
        Snackbar.Add($"{count} deliveries queued again.", Severity.Success);
        await ReloadAsync();
    }
}
