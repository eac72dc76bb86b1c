using System.Globalization;
using Fluid;
using Fluid.Values;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>
/// NotifyBridge's filters (<c>number</c>, <c>plural</c>, <c>link</c>) and the size guard around
/// Fluid's own: every filter result is checked against the value limits, and the filters that
/// can multiply a value's size in one call (<c>replace</c>, <c>join</c>) are checked before they run.
/// </summary>
internal static class TemplateFilters
{
    public const string IncludeLinksKey = "nb:include_links";

    public static void Register(FilterCollection filters)
    {
        PreCheck(filters, "replace", ReplaceGrowth);
        PreCheck(filters, "replace_first", (input, args) => Math.Max(0, args.At(1).ToStringValue().Length - args.At(0).ToStringValue().Length) + input.ToStringValue().Length);
        PreCheck(filters, "replace_last", (input, args) => Math.Max(0, args.At(1).ToStringValue().Length - args.At(0).ToStringValue().Length) + input.ToStringValue().Length);
        PreCheck(filters, "join", JoinLength);

        foreach (var (name, filter) in filters.ToList())
            filters.AddFilter(name, async (input, arguments, context) => Checked(await filter(input, arguments, context).ConfigureAwait(false)));

        filters.AddFilter("number", Number);
        filters.AddFilter("plural", Plural);
        filters.AddFilter("link", Link);
    }

    /// <summary>Throws when a value is over the string or array limit; returns it otherwise.</summary>
    public static FluidValue Checked(FluidValue value)
    {
        switch (value)
        {
            case StringValue s when s.ToStringValue().Length > TemplateLimits.MaxValueLength:
                throw new TemplateRenderException(string.Create(CultureInfo.InvariantCulture,
                    $"A value grew beyond {TemplateLimits.MaxValueLength:N0} characters."));
            case ArrayValue a when a.Values.Count > TemplateLimits.MaxArrayLength:
                throw new TemplateRenderException(string.Create(CultureInfo.InvariantCulture,
                    $"A list grew beyond {TemplateLimits.MaxArrayLength:N0} items."));
            default:
                return value;
        }
    }

    /// <summary><c>{{ 49500 | number }}</c> → "49,500" (en) or "49.500" (de): grouped, no decimals unless it has some.</summary>
    private static ValueTask<FluidValue> Number(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (input.IsNil()) return new ValueTask<FluidValue>(StringValue.Empty);
        var number = input.ToNumberValue();
        var format = number == decimal.Truncate(number) ? "N0" : "#,##0.##";
        return new ValueTask<FluidValue>(new StringValue(number.ToString(format, context.CultureInfo)));
    }

    /// <summary>
    /// <c>{{ n | plural: "photo", "photos" }}</c>: the first word for exactly 1, the second otherwise
    /// (English and German agree: 0 and 2+ take the plural).
    /// </summary>
    private static ValueTask<FluidValue> Plural(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        new(new StringValue(input.ToNumberValue() == 1 ? arguments.At(0).ToStringValue() : arguments.At(1).ToStringValue()));

    /// <summary>
    /// <c>{{ text | link: url }}</c>: an escaped <c>&lt;a href&gt;</c> when the url is http(s) and
    /// the link's display options include links; otherwise just the escaped text.
    /// </summary>
    private static ValueTask<FluidValue> Link(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        // A captured or raw value is HTML already; anything else is text to escape.
        var text = input is StringValue { Encode: false } html ? html.ToStringValue() : MessageMarkup.Escape(input.ToStringValue());
        var url = arguments.At(0).ToStringValue().Trim();
        var links = !context.AmbientValues.TryGetValue(IncludeLinksKey, out var include) || include is true;
        var output = links && HtmlSubset.IsSafeUrl(url)
            ? $"<a href=\"{MessageMarkup.Escape(url)}\">{text}</a>"
            : text;
        return new ValueTask<FluidValue>(new StringValue(output, encode: false));
    }

    private static void PreCheck(FilterCollection filters, string name, Func<FluidValue, FilterArguments, long> resultLength)
    {
        if (!filters.TryGetValue(name, out var inner)) return;
        filters.AddFilter(name, (input, arguments, context) =>
        {
            if (resultLength(input, arguments) > TemplateLimits.MaxValueLength)
                throw new TemplateRenderException(string.Create(CultureInfo.InvariantCulture,
                    $"'{name}' would produce more than {TemplateLimits.MaxValueLength:N0} characters."));
            return inner(input, arguments, context);
        });
    }

    private static long ReplaceGrowth(FluidValue input, FilterArguments arguments)
    {
        var text = input.ToStringValue();
        var find = arguments.At(0).ToStringValue();
        var growth = (long)arguments.At(1).ToStringValue().Length - find.Length;
        if (growth <= 0) return text.Length;
        var occurrences = find.Length == 0 ? text.Length + 1L : CountOccurrences(text, find);
        return text.Length + (occurrences * growth);
    }

    private static long CountOccurrences(string text, string find)
    {
        long count = 0;
        for (var at = text.IndexOf(find, StringComparison.Ordinal); at >= 0; at = text.IndexOf(find, at + find.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    private static long JoinLength(FluidValue input, FilterArguments arguments)
    {
        if (input is not ArrayValue array) return input.ToStringValue().Length;
        var separator = arguments.Count > 0 ? arguments.At(0).ToStringValue().Length : 1;
        long length = 0;
        foreach (var item in array.Values) length += item.ToStringValue().Length + separator;
        return length;
    }
}
