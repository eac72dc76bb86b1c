namespace NotifyBridge.Infrastructure.Links;

/// <summary>
/// Raised after any link or target is created, changed or deleted, so whoever caches routing
/// (the dispatch planner) can drop its cache. Handlers run on the saving thread: keep them short.
/// </summary>
public sealed class LinkConfigurationChanged
{
    public event Action? Changed;

    public void Notify() => Changed?.Invoke();
}
