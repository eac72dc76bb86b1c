using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Settings;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>A preview: the rendered message, or the error that stopped it.</summary>
public sealed record TemplatePreview(string? Title, string? BodyHtml, string? BodyText, TemplateError? Error)
{
    public static TemplatePreview Failed(TemplateError error) => new(null, null, null, error);
}

/// <summary>
/// <see cref="IMessageRenderer"/> with Fluid. Each rendered message is cached, keyed by subject
/// (event id, or batch row id and last change), template stamp (version and save time),
/// locale, display options and time zone, so a broadcast to 50 targets renders once, and
/// concurrent callers share one render. A saved template has a new stamp, so its messages
/// render afresh. A custom template that fails at render time falls back to the built-in one
/// (logged): a broken override must not swallow notifications.
/// </summary>
public sealed partial class FluidMessageRenderer : IMessageRenderer, IDisposable
{
    /// <summary>Cached messages; each is a few KB, so the cache stays within a few MB.</summary>
    public const int CacheSizeLimit = 2_000;

    private static readonly TimeSpan CacheSliding = TimeSpan.FromMinutes(10);

    private readonly TemplateService _templates;
    private readonly LiquidSandbox _sandbox;
    private readonly MessageComposer _composer;
    private readonly AppSettingsService _settings;
    private readonly ILogger<FluidMessageRenderer> _logger;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CacheSizeLimit });
    private long _renders;

    public FluidMessageRenderer(TemplateService templates, LiquidSandbox sandbox, MessageComposer composer, AppSettingsService settings, ILogger<FluidMessageRenderer> logger)
    {
        _templates = templates;
        _sandbox = sandbox;
        _composer = composer;
        _settings = settings;
        _logger = logger;
    }

    /// <summary>Renders performed (cache misses); tests use it to prove caching.</summary>
    public long RenderCount => Interlocked.Read(ref _renders);

    public async ValueTask<NotificationMessage> RenderAsync(RenderSubject subject, LinkDisplayOptions options, string locale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        options = Normalize(options);
        var appSettings = await _settings.GetAsync(cancellationToken).ConfigureAwait(false);
        var resolved = TemplateLocales.Resolve(locale, appSettings.DefaultLocale);
        var zone = await _settings.GetTimeZoneAsync(cancellationToken).ConfigureAwait(false);
        var template = await _templates.ResolveAsync(TemplateNames.For(subject), resolved, cancellationToken).ConfigureAwait(false);

        // "Send test" is one-off and shows the time it was sent: never cached.
        if (subject is RenderSubject.Test) return await RenderFreshAsync(subject, template, options, resolved, zone).ConfigureAwait(false);

        var key = new RenderKey(SubjectKey(subject), template.Stamp, resolved, options, zone.Id);
        var entry = _cache.GetOrCreate(key, e =>
        {
            e.Size = 1;
            e.SlidingExpiration = CacheSliding;
            return new Lazy<Task<NotificationMessage>>(() => RenderFreshAsync(subject, template, options, resolved, zone));
        })!;
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _cache.Remove(key);
            throw;
        }
    }

    /// <summary>
    /// The editor's preview of an unsaved body: against <paramref name="entry"/> when given (a real
    /// recent event), else the name's first sample. Never cached; errors are returned, not thrown.
    /// </summary>
    public async Task<TemplatePreview> PreviewAsync(string name, string locale, string body, EventLogEntry? entry, CancellationToken cancellationToken)
    {
        TemplateService.ValidateKey(name, locale);
        if (string.IsNullOrWhiteSpace(body)) return TemplatePreview.Failed(new TemplateError("The template is empty."));
        if (!_sandbox.TryParse(body, out var parsed, out var error)) return TemplatePreview.Failed(error!);

        // A chosen event previews event templates (and the fallback); batch, digest and test templates use their samples.
        var subject = entry is not null && (name == TemplateNames.Fallback || !TemplateNames.IsSpecial(name))
            ? new RenderSubject.SingleEvent(entry)
            : TemplateSamples.For(name)[0];
        var zone = await _settings.GetTimeZoneAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var headlines = await HeadlinesAsync(subject, LinkDisplayOptions.Default, locale, cancellationToken).ConfigureAwait(false);
            var message = await _composer.ComposeAsync(subject, parsed!, LinkDisplayOptions.Default, locale, zone, headlines).ConfigureAwait(false);
            return new TemplatePreview(message.Title, message.BodyHtml, message.BodyText, null);
        }
        catch (TemplateRenderException ex)
        {
            return TemplatePreview.Failed(new TemplateError(ex.Message));
        }
    }

    private async Task<NotificationMessage> RenderFreshAsync(RenderSubject subject, CompiledTemplate template, LinkDisplayOptions options, string locale, TimeZoneInfo zone)
    {
        Interlocked.Increment(ref _renders);
        var headlines = await HeadlinesAsync(subject, options, locale, CancellationToken.None).ConfigureAwait(false);
        try
        {
            return await _composer.ComposeAsync(subject, template.Parsed, options, locale, zone, headlines).ConfigureAwait(false);
        }
        catch (TemplateRenderException ex) when (!template.IsDefault)
        {
            LogOverrideFailed(_logger, template.Name, template.Locale, template.Version, ex.Message);
            var builtIn = _templates.DefaultFor(template.Name, template.Locale);
            return await _composer.ComposeAsync(subject, builtIn.Parsed, options, locale, zone, headlines).ConfigureAwait(false);
        }
    }

    /// <summary>A batch lists its events by their own messages' titles, in the batch's language.</summary>
    private async Task<IReadOnlyDictionary<long, string>?> HeadlinesAsync(RenderSubject subject, LinkDisplayOptions options, string locale, CancellationToken cancellationToken)
    {
        if (subject is not RenderSubject.Batch batch || TemplateNames.IsSingle(batch)) return null;
        var headlines = new Dictionary<long, string>();
        foreach (var entry in batch.Events.Take(TemplateModel.MaxBatchEvents))
        {
            try
            {
                headlines[entry.Id] = (await RenderAsync(new RenderSubject.SingleEvent(entry), options, locale, cancellationToken).ConfigureAwait(false)).Title;
            }
            catch (TemplateRenderException)
            {
                // The batch still renders; this line shows the stored title.
            }
        }
        return headlines;
    }

    private static LinkDisplayOptions Normalize(LinkDisplayOptions? options)
    {
        options ??= LinkDisplayOptions.Default;
        var max = Math.Clamp(options.MaxAssets, 0, LinkDisplayOptions.MaxAssetsLimit);
        return max == options.MaxAssets ? options : options with { MaxAssets = max };
    }

    private static string SubjectKey(RenderSubject subject) => subject switch
    {
        RenderSubject.SingleEvent single => $"e:{single.Event.Id}:{single.Event.EventType}",
        // A pending row changes as events coalesce into it: its last change and count are part of the key.
        RenderSubject.Batch batch => $"b:{batch.Row.Id}:{batch.Row.UpdatedAt.Ticks}:{batch.Row.EventCount}:{batch.Events.Count}",
        _ => throw new ArgumentOutOfRangeException(nameof(subject)),
    };

    private sealed record RenderKey(string Subject, string TemplateStamp, string Locale, LinkDisplayOptions Options, string TimeZone);

    public void Dispose() => _cache.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Template {Name}/{Locale} version {Version} failed to render ({Error}); the built-in template was used")]
    private static partial void LogOverrideFailed(ILogger logger, string name, string locale, int version, string error);
}
