using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Domain.Templates;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Settings;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>Bad template input; <see cref="Error"/> is the template problem, with the parser's line and column when parsing failed.</summary>
public sealed class TemplateValidationException(IReadOnlyDictionary<string, string> errors, TemplateError? error = null)
    : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
    public TemplateError? Error { get; } = error;
}

public sealed record TemplateSummary(string Name, string DisplayName, string Locale, bool IsDefault, int Version, DateTime? UpdatedAt);

/// <summary>A template as the editor shows it: the body in force and the built-in one it replaces.</summary>
public sealed record TemplateView(string Name, string DisplayName, string Locale, string Body, string DefaultBody, bool IsDefault, int Version, DateTime? UpdatedAt);

/// <summary>
/// The admin's overrides (<see cref="MessageTemplate"/> rows) over the built-in defaults. All
/// override rows are read once and kept parsed (a small, fixed set); a save or reset replaces
/// the entry, so the render path never queries the database. A save parses the body and
/// test-renders it against sample subjects; nothing is stored when either fails.
/// </summary>
public sealed partial class TemplateService(
    IDbContextFactory<NotifyBridgeDbContext> contextFactory,
    LiquidSandbox sandbox,
    DefaultTemplates defaults,
    MessageComposer composer,
    AppSettingsService settings,
    TimeProvider timeProvider,
    ILogger<TemplateService> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Dictionary<(string Name, string Locale), CompiledTemplate>? _overrides;

    /// <summary>Raised after a save or reset with (name, locale).</summary>
    public event Action<string, string>? Changed;

    /// <summary>Every built-in name and every custom type with an override, in each supported locale.</summary>
    public async Task<IReadOnlyList<TemplateSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var overrides = await OverridesAsync(cancellationToken).ConfigureAwait(false);
        var names = TemplateNames.BuiltIn.Concat(overrides.Keys.Select(k => k.Name).Where(n => !TemplateNames.BuiltIn.Contains(n)).Distinct().Order(StringComparer.Ordinal));
        return [.. names.SelectMany(name => AppSettings.SupportedLocales.Select(locale =>
            overrides.TryGetValue((name, locale), out var o)
                ? new TemplateSummary(name, TemplateNames.DisplayName(name), locale, false, o.Version, o.UpdatedAt)
                : new TemplateSummary(name, TemplateNames.DisplayName(name), locale, true, 0, null)))];
    }

    public async Task<TemplateView> GetAsync(string name, string locale, CancellationToken cancellationToken)
    {
        ValidateKey(name, locale);
        var overrides = await OverridesAsync(cancellationToken).ConfigureAwait(false);
        var builtIn = DefaultFor(name, locale);
        return overrides.TryGetValue((name, locale), out var o)
            ? new TemplateView(name, TemplateNames.DisplayName(name), locale, o.Body, builtIn.Body, false, o.Version, o.UpdatedAt)
            : new TemplateView(name, TemplateNames.DisplayName(name), locale, builtIn.Body, builtIn.Body, true, 0, null);
    }

    /// <summary>The problem with a body, or null when it parses and renders the samples: the editor's live check.</summary>
    public async Task<TemplateError?> ValidateAsync(string name, string locale, string body, CancellationToken cancellationToken)
    {
        ValidateKey(name, locale);
        if (string.IsNullOrWhiteSpace(body)) return new TemplateError("The template is empty.");
        if (!sandbox.TryParse(body, out var parsed, out var error)) return error;
        var zone = await settings.GetTimeZoneAsync(cancellationToken).ConfigureAwait(false);
        foreach (var subject in TemplateSamples.For(name))
        {
            try
            {
                await composer.ComposeAsync(subject, parsed!, LinkDisplayOptions.Default, locale, zone).ConfigureAwait(false);
            }
            catch (TemplateRenderException ex)
            {
                return new TemplateError($"Rendering the sample failed: {ex.Message}");
            }
        }
        return null;
    }

    /// <summary>Stores an override (Version + 1 on every save); throws <see cref="TemplateValidationException"/> and stores nothing when it does not parse or render.</summary>
    public async Task<TemplateView> SaveAsync(string name, string locale, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        body = body.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (await ValidateAsync(name, locale, body, cancellationToken).ConfigureAwait(false) is { } error)
            throw new TemplateValidationException(new Dictionary<string, string> { ["body"] = error.ToString() }, error);
        sandbox.TryParse(body, out var parsed, out _);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var row = await db.MessageTemplates.SingleOrDefaultAsync(t => t.EventType == name && t.Locale == locale, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                row = new MessageTemplate { EventType = name, Locale = locale, Body = body };
                db.MessageTemplates.Add(row);
            }
            else
            {
                row.Body = body;
                row.Version++;
            }
            row.UpdatedAt = timeProvider.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

            var overrides = new Dictionary<(string, string), CompiledTemplate>(await LoadedOverridesAsync(cancellationToken).ConfigureAwait(false))
            {
                [(name, locale)] = Compiled(row, parsed!),
            };
            _overrides = overrides;
            LogSaved(logger, name, locale, row.Version);
        }
        finally
        {
            _gate.Release();
        }
        Changed?.Invoke(name, locale);
        return await GetAsync(name, locale, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the override; false when there was none.</summary>
    public async Task<bool> ResetToDefaultAsync(string name, string locale, CancellationToken cancellationToken)
    {
        ValidateKey(name, locale);
        bool deleted;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            deleted = await db.MessageTemplates.Where(t => t.EventType == name && t.Locale == locale).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
            var overrides = new Dictionary<(string, string), CompiledTemplate>(await LoadedOverridesAsync(cancellationToken).ConfigureAwait(false));
            overrides.Remove((name, locale));
            _overrides = overrides;
        }
        finally
        {
            _gate.Release();
        }
        if (deleted) Changed?.Invoke(name, locale);
        return deleted;
    }

    /// <summary>
    /// The template that renders <paramref name="name"/> in a supported <paramref name="locale"/>:
    /// the override, else the built-in one, else (for event types without one) the fallback's
    /// override or built-in template.
    /// </summary>
    public async ValueTask<CompiledTemplate> ResolveAsync(string name, string locale, CancellationToken cancellationToken)
    {
        var overrides = _overrides ?? await OverridesAsync(cancellationToken).ConfigureAwait(false);
        if (overrides.TryGetValue((name, locale), out var custom)) return custom;
        if (defaults.Has(name, locale)) return defaults.Get(name, locale);
        if (overrides.TryGetValue((TemplateNames.Fallback, locale), out var fallback)) return fallback;
        return defaults.Get(TemplateNames.Fallback, locale);
    }

    /// <summary>The built-in template for a name (the fallback's for custom types).</summary>
    public CompiledTemplate DefaultFor(string name, string locale) =>
        defaults.Has(name, locale) ? defaults.Get(name, locale) : defaults.Get(TemplateNames.Fallback, locale);

    /// <summary>Throws <see cref="TemplateValidationException"/> for a name or locale no template can have.</summary>
    public static void ValidateKey(string? name, string? locale)
    {
        var errors = new Dictionary<string, string>();
        if (!TemplateNames.IsValid(name))
            errors["eventType"] = $"'{name}' is not a template name: use an event type (lower-case letters, digits and underscores, at most 64) or one of {string.Join(", ", TemplateNames.Special)}.";
        if (!TemplateLocales.IsSupported(locale))
            errors["locale"] = $"Locale must be one of: {string.Join(", ", AppSettings.SupportedLocales)}.";
        if (errors.Count > 0) throw new TemplateValidationException(errors);
    }

    private async Task<IReadOnlyDictionary<(string Name, string Locale), CompiledTemplate>> OverridesAsync(CancellationToken cancellationToken)
    {
        if (_overrides is { } loaded) return loaded;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await LoadedOverridesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Call with the gate held.</summary>
    private async Task<Dictionary<(string Name, string Locale), CompiledTemplate>> LoadedOverridesAsync(CancellationToken cancellationToken)
    {
        if (_overrides is { } loaded) return loaded;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.MessageTemplates.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var overrides = new Dictionary<(string, string), CompiledTemplate>();
        foreach (var row in rows)
        {
            if (sandbox.TryParse(row.Body, out var parsed, out var error)) overrides[(row.EventType, row.Locale)] = Compiled(row, parsed!);
            else LogUnparsable(logger, row.EventType, row.Locale, error!.ToString());
        }
        _overrides = overrides;
        return overrides;
    }

    /// <summary>Version and save time together: a reset followed by a new save starts at version 1 again, yet must not hit old cache entries.</summary>
    private static CompiledTemplate Compiled(MessageTemplate row, Fluid.IFluidTemplate parsed) =>
        new(row.EventType, row.Locale, row.Body, parsed, IsDefault: false, row.Version,
            string.Create(CultureInfo.InvariantCulture, $"v{row.Version}.{row.UpdatedAt.Ticks}"), DateTime.SpecifyKind(row.UpdatedAt, DateTimeKind.Utc));

    [LoggerMessage(Level = LogLevel.Information, Message = "Template {Name}/{Locale} saved as version {Version}")]
    private static partial void LogSaved(ILogger logger, string name, string locale, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored template {Name}/{Locale} does not parse and is ignored (the built-in one is used): {Error}")]
    private static partial void LogUnparsable(ILogger logger, string name, string locale, string error);
}
