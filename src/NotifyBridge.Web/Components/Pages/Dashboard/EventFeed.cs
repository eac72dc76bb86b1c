using Microsoft.AspNetCore.Components.Web.Virtualization;
using NotifyBridge.Infrastructure.Events;

namespace NotifyBridge.Web.Components.Pages.Dashboard;

/// <summary>
/// The rows one dashboard has loaded, behind its <c>Virtualize</c> list. Virtualize asks for
/// (StartIndex, Count); rows come from <see cref="EventLogQuery.PageAsync"/> one keyset page at
/// a time, continuing from the last cursor only when the request reaches past what is loaded.
/// The total reported is "loaded + one page" while more exist, so the scrollbar grows as the
/// user scrolls and never asks the database for a count. Bounded to <see cref="MaxRows"/>: it
/// is one person's scroll position, not a copy of the log.
/// </summary>
internal sealed class EventFeed(EventLogQuery query, string ownerId) : IDisposable
{
    public const int PageSize = 100;
    public const int MaxRows = 5_000;

    private readonly List<EventRow> _rows = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CancellationTokenSource _queryCts = new();
    private long? _cursor;
    private bool _more = true;
    private int _generation;

    public EventFilter Filter { get; private set; } = new();

    /// <summary>True once the first page of the current filter has come back.</summary>
    public bool Loaded { get; private set; }

    public int Count => _rows.Count;

    public bool IsEmpty => Loaded && _rows.Count == 0;

    /// <summary>More rows exist than the cap lets this view hold.</summary>
    public bool Capped => _rows.Count >= MaxRows && _more;

    public bool HasMore => _more && _rows.Count < MaxRows;

    /// <summary>The viewport's first requested row: 0 while the user looks at the top of the list.</summary>
    public int LastRequestStart { get; private set; }

    public bool IsAtTop => LastRequestStart == 0;

    /// <summary>Starts over with <paramref name="filter"/>; a query still running for the old one is cancelled.</summary>
    public void Reset(EventFilter filter)
    {
        _queryCts.Cancel();
        _queryCts.Dispose();
        _queryCts = new CancellationTokenSource();
        _generation++;
        Filter = filter;
        _rows.Clear();
        _cursor = null;
        _more = true;
        Loaded = false;
    }

    /// <summary>Whether answering <paramref name="request"/> needs the database (for a loading indicator).</summary>
    public bool NeedsLoad(ItemsProviderRequest request) =>
        HasMore && (!Loaded || _rows.Count < request.StartIndex + request.Count);

    public async ValueTask<ItemsProviderResult<EventRow>> ProvideAsync(ItemsProviderRequest request)
    {
        LastRequestStart = request.StartIndex;
        var generation = _generation;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(request.CancellationToken, _queryCts.Token);
        try
        {
            await _gate.WaitAsync(linked.Token).ConfigureAwait(true);
            try
            {
                var wanted = Math.Min(request.StartIndex + request.Count, MaxRows);
                while ((!Loaded || _rows.Count < wanted) && _more && generation == _generation)
                {
                    var page = await query.PageAsync(ownerId, Filter, _cursor, PageSize, linked.Token).ConfigureAwait(true);
                    if (generation != _generation) break;
                    _rows.AddRange(page.Items.Take(MaxRows - _rows.Count));
                    _cursor = page.NextCursor;
                    _more = page.NextCursor is not null;
                    Loaded = true;
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException) when (request.CancellationToken.IsCancellationRequested)
        {
            // Virtualize ignores cancellations of its own token; hand it that one.
            throw new OperationCanceledException(request.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            // A reset cancelled this load; the caller refreshes Virtualize right after.
            return new ItemsProviderResult<EventRow>([], 0);
        }

        var start = Math.Min(request.StartIndex, _rows.Count);
        var items = _rows.GetRange(start, Math.Min(request.Count, _rows.Count - start));
        return new ItemsProviderResult<EventRow>(items, _rows.Count + (HasMore ? PageSize : 0));
    }

    // The gate is not disposed: a load still awaiting it must be able to release it.
    public void Dispose()
    {
        _queryCts.Cancel();
        _queryCts.Dispose();
    }
}
