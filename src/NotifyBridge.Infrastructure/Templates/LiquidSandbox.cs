using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;
using Fluid.Values;
using Microsoft.Extensions.FileProviders;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>What one template may cost. Admins write templates, but a typo must not take the server down.</summary>
public static class TemplateLimits
{
    /// <summary>Statements and loop iterations per render; far above what the built-in templates need.</summary>
    public const int MaxSteps = 20_000;
    public const int MaxRecursion = 8;

    /// <summary>Elements in a <c>(a..b)</c> range: Fluid materialises ranges, so (1..10000000) would allocate 400 MB.</summary>
    public const int MaxRange = 1_000;

    /// <summary>Characters in any one value (assign, capture, filter result): stops <c>x | append: x</c> doubling in a loop.</summary>
    public const int MaxValueLength = 32_000;

    public const int MaxArrayLength = 2_000;

    /// <summary>Characters of rendered body; the rest is cut at a line boundary.</summary>
    public const int MaxOutputLength = 16_000;

    public const int MaxTitleLength = 256;
}

/// <summary>A parse or render problem, with the position when the parser knows it.</summary>
public sealed record TemplateError(string Message, int? Line = null, int? Column = null)
{
    public override string ToString() => Line is { } line
        ? string.Create(CultureInfo.InvariantCulture, $"Line {line}, column {Column}: {Message}")
        : Message;
}

/// <summary>A template failed while rendering (a limit, a bad filter argument…).</summary>
public sealed class TemplateRenderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The raw output of one render: the body and the <c>title</c> variable the template captured, if any.</summary>
internal sealed record RawRender(string Body, string? Title, bool Truncated);

/// <summary>
/// Fluid set up as a sandbox: no includes or file access (the tags do not even parse), no
/// .NET member access (models are dictionaries and lists; nothing is registered with the
/// member access strategy), bounded steps, ranges, value sizes and output. Values are
/// HTML-encoded on output; <c>| raw</c> opts out deliberately. Shared and thread-safe.
/// </summary>
public sealed partial class LiquidSandbox
{
    private readonly FluidParser _parser;
    private readonly TemplateOptions _options;

    public LiquidSandbox(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _parser = new FluidParser(new FluidParserOptions { AllowFunctions = false });
        foreach (var tag in new[] { "include", "render", "layout", "section", "from", "import", "macro" })
            _parser.RegisteredTags.Remove(tag);

        _options = new TemplateOptions
        {
            MaxSteps = TemplateLimits.MaxSteps,
            MaxRecursion = TemplateLimits.MaxRecursion,
            FileProvider = new NullFileProvider(),
            MemberAccessStrategy = new DefaultMemberAccessStrategy(),
            Now = timeProvider.GetUtcNow,
        };
        TemplateFilters.Register(_options.Filters);
    }

    /// <summary>Parses a template; the error names line and column as the parser reports them.</summary>
    public bool TryParse(string source, out IFluidTemplate? template, out TemplateError? error)
    {
        ArgumentNullException.ThrowIfNull(source);
        template = null;
        error = null;
        if (source.Length > Domain.Templates.MessageTemplate.MaxBodyLength)
        {
            error = new TemplateError($"A template may be at most {Domain.Templates.MessageTemplate.MaxBodyLength:N0} characters long.");
            return false;
        }
        if (!_parser.TryParse(source, out var parsed, out var message))
        {
            error = ParseError(message);
            return false;
        }
        template = new RangeGuard().VisitTemplate(parsed);
        return true;
    }

    /// <summary>Renders with the model's top-level values (event, batch, options, locale…).</summary>
    internal async Task<RawRender> RenderAsync(IFluidTemplate template, IReadOnlyDictionary<string, object?> model, CultureInfo culture, TimeZoneInfo zone)
    {
        var context = new TemplateContext(_options, StringComparer.Ordinal)
        {
            CultureInfo = culture,
            TimeZone = zone,
            Assigned = static (_, value, _) => new ValueTask<FluidValue>(TemplateFilters.Checked(value)),
            Captured = static (_, value, _) => new ValueTask<FluidValue>(TemplateFilters.Checked(value)),
        };
        foreach (var (name, value) in model) context.SetValue(name, value);
        if (model.TryGetValue("options", out var options) && options is IReadOnlyDictionary<string, object?> o && o.TryGetValue("include_links", out var links))
            context.AmbientValues[TemplateFilters.IncludeLinksKey] = links is true;

        using var writer = new BoundedWriter(TemplateLimits.MaxOutputLength);
        try
        {
            await template.RenderAsync(writer, HtmlEncoder.Default, context).ConfigureAwait(false);
        }
        catch (TemplateRenderException)
        {
            throw;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase))
        {
            // Fluid reports an exhausted step budget with its recursion message; includes are off, so it is the steps.
            throw new TemplateRenderException(string.Create(CultureInfo.InvariantCulture,
                $"The template ran too long (more than {TemplateLimits.MaxSteps:N0} steps). Check its loops."), ex);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            throw new TemplateRenderException(ex.Message, ex);
        }

        var captured = context.GetValue("title");
        var title = captured.IsNil() ? null : captured.ToStringValue();
        return new RawRender(writer.ToString(), title, writer.Truncated);
    }

    [GeneratedRegex(@"^(?<message>.*?)(?: at \((?<line>\d+):(?<column>\d+)\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ParseErrorPattern();

    private static TemplateError ParseError(string? message)
    {
        var first = (message ?? "The template could not be parsed.").Split('\n')[0].Trim();
        var match = ParseErrorPattern().Match(first);
        if (!match.Success || !match.Groups["line"].Success) return new TemplateError(first);
        return new TemplateError(
            match.Groups["message"].Value,
            int.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["column"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Replaces every <c>(a..b)</c> with one that refuses more than <see cref="TemplateLimits.MaxRange"/> elements.</summary>
    private sealed class RangeGuard : AstRewriter
    {
        protected override Expression VisitRangeExpression(RangeExpression rangeExpression) =>
            new BoundedRangeExpression((RangeExpression)base.VisitRangeExpression(rangeExpression));
    }

    private sealed class BoundedRangeExpression(RangeExpression inner) : Expression
    {
        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            var from = (await inner.From.EvaluateAsync(context).ConfigureAwait(false)).ToNumberValue();
            var to = (await inner.To.EvaluateAsync(context).ConfigureAwait(false)).ToNumberValue();
            if (to - from >= TemplateLimits.MaxRange)
                throw new TemplateRenderException(string.Create(CultureInfo.InvariantCulture,
                    $"The range ({from}..{to}) is too large: at most {TemplateLimits.MaxRange:N0} elements."));
            return await inner.EvaluateAsync(context).ConfigureAwait(false);
        }

        protected override Expression Accept(AstVisitor visitor) => this;
    }

    /// <summary>Keeps the first <c>limit</c> characters and drops the rest, remembering that it did.</summary>
    private sealed class BoundedWriter(int limit) : TextWriter(CultureInfo.InvariantCulture)
    {
        private readonly System.Text.StringBuilder _text = new();

        public bool Truncated { get; private set; }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void Write(ReadOnlySpan<char> buffer)
        {
            var room = limit - _text.Length;
            if (room >= buffer.Length)
            {
                _text.Append(buffer);
                return;
            }
            Truncated = true;
            if (room > 0) _text.Append(buffer[..room]);
        }

        public override string ToString() => _text.ToString();
    }
}
