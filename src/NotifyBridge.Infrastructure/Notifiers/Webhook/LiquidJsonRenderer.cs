using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Microsoft.Extensions.FileProviders;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Notifiers.Webhook;

/// <summary>The body a template produced (valid JSON), or why it could not.</summary>
public sealed record LiquidJsonResult(string? Json, string? Error)
{
    public bool Succeeded => Json is not null;
}

/// <summary>
/// Renders an outgoing webhook's Liquid body template into JSON.
/// <para>
/// The model: <c>payload</c> is the message's PayloadJson (objects, arrays, strings, numbers,
/// booleans, nulls, as plain Liquid values); <c>message</c> has title, text, html, url,
/// event_type, severity and locale.
/// </para>
/// <para>
/// Making JSON safely: <c>{{ x | json }}</c> writes any value as a JSON literal (strings quoted
/// and escaped, objects and arrays whole, nil as null). A plain <c>{{ x }}</c> is escaped as JSON
/// string content, so <c>"{{ payload.title }}"</c> inside quotes is safe too. Whatever the
/// template does, the result must parse as JSON or the send fails with a permanent error.
/// </para>
/// <para>
/// Sandbox: the model is plain dictionaries and lists (no CLR objects to reach into), there is
/// no file system (include/render find nothing), and steps and recursion are bounded so a
/// runaway loop stops instead of holding a worker.
/// </para>
/// </summary>
public sealed class LiquidJsonRenderer
{
    public const int MaxSteps = 100_000;
    public const int MaxRecursion = 16;
    private const int MaxCachedTemplates = 256;

    private static readonly FluidParser Parser = new();
    private static readonly JavaScriptEncoder JsonStringEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly TemplateOptions _options;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);

    public LiquidJsonRenderer()
    {
        _options = new TemplateOptions
        {
            FileProvider = new NullFileProvider(),
            MaxSteps = MaxSteps,
            MaxRecursion = MaxRecursion,
            CultureInfo = CultureInfo.InvariantCulture,
        };
        _options.Filters.AddFilter("json", LiquidJsonFilter.Json);
    }

    /// <summary>Checks that a template parses (for validation at save time); the error says where it does not.</summary>
    public static bool TryParse(string template, out string? error)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (Parser.TryParse(template, out _, out var message))
        {
            error = null;
            return true;
        }
        error = $"The body template does not parse: {message}";
        return false;
    }

    public LiquidJsonResult Render(string template, string payloadJson, NotificationMessage? message = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(payloadJson);
        if (!TryGetTemplate(template, out var parsed, out var parseError)) return new LiquidJsonResult(null, parseError);

        object? payload;
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            payload = LiquidJsonModel.FromJson(document.RootElement);
        }
        catch (JsonException ex)
        {
            return new LiquidJsonResult(null, $"The event payload is not valid JSON: {ex.Message}");
        }

        var context = new TemplateContext(_options);
        context.SetValue("payload", payload);
        if (message is not null) context.SetValue("message", LiquidJsonModel.FromMessage(message));

        string output;
        try
        {
            output = parsed.Render(context, JsonStringEncoder).Trim();
        }
        catch (InvalidOperationException ex)
        {
            // Fluid reports both limits this way.
            return new LiquidJsonResult(null, $"The body template stopped: {ex.Message} (limits: {MaxSteps} steps, {MaxRecursion} levels).");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A template error is the template author's to fix, never a reason to take the worker down.
            return new LiquidJsonResult(null, $"The body template failed: {ex.Message}");
        }

        try
        {
            using var _ = JsonDocument.Parse(output);
        }
        catch (JsonException ex)
        {
            return new LiquidJsonResult(null,
                $"The body template did not produce valid JSON: {ex.Message} " +
                "Quote string values (\"{{ payload.title }}\") or write them with the json filter ({{ payload.title | json }}).");
        }
        return new LiquidJsonResult(output, null);
    }

    private bool TryGetTemplate(string source, out IFluidTemplate template, out string? error)
    {
        error = null;
        if (_parsed.TryGetValue(source, out template!)) return true;
        if (!Parser.TryParse(source, out template!, out var message))
        {
            error = $"The body template does not parse: {message}";
            return false;
        }
        // A handful of templates per installation; the bound only stops unbounded growth if
        // templates were ever generated per event.
        if (_parsed.Count >= MaxCachedTemplates) _parsed.Clear();
        _parsed.TryAdd(source, template);
        return true;
    }
}
