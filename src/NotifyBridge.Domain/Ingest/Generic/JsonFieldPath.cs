using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NotifyBridge.Domain.Ingest.Generic;

/// <summary>
/// A path into a JSON document: dot-separated property names with array indexes,
/// e.g. <c>alert.labels[0].name</c>. A leading <c>$</c> (<c>$.a</c>, <c>$[0]</c>) or <c>.</c> is accepted;
/// <c>$</c> alone is the whole document. Names with dots, brackets or spaces go in quoted brackets:
/// <c>data['my.key']</c> or <c>data["my key"]</c>. Names are case-sensitive.
/// </summary>
public sealed class JsonFieldPath
{
    public const int MaxLength = 500;
    public const int MaxSegments = 32;

    private readonly Segment[] segments;

    private JsonFieldPath(string text, Segment[] segments)
    {
        Text = text;
        this.segments = segments;
    }

    /// <summary>The path as written (trimmed).</summary>
    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>Parses a path; throws <see cref="FormatException"/> with a message naming the problem and its position.</summary>
    public static JsonFieldPath Parse(string path) =>
        TryParse(path, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>Parses a path, or returns false with a message such as "Unclosed '[' at position 7."</summary>
    public static bool TryParse(string? path, [NotNullWhen(true)] out JsonFieldPath? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        error = Scan(path?.Trim(), out var segments);
        if (error is not null) return false;
        result = new JsonFieldPath(path!.Trim(), segments!);
        return true;
    }

    /// <summary>Null when <paramref name="path"/> is a valid path, otherwise the problem (for validating settings at save time).</summary>
    public static string? Validate(string? path) => TryParse(path, out _, out var error) ? null : error;

    /// <summary>
    /// Resolves <paramref name="path"/> in <paramref name="root"/> and renders the value: strings as they are,
    /// numbers and booleans as their JSON text, objects and arrays as compact JSON. False when the path leads
    /// nowhere or to null. Throws <see cref="FormatException"/> for an invalid path.
    /// </summary>
    public static bool TryResolve(JsonElement root, string path, out string? value) => Parse(path).TryResolve(root, out value);

    /// <inheritdoc cref="TryResolve(JsonElement, string, out string?)"/>
    public bool TryResolve(JsonElement root, [NotNullWhen(true)] out string? value)
    {
        value = TryResolve(root, out JsonElement element) ? JsonElementExtensions.Render(element) : null;
        return value is not null;
    }

    /// <summary>The element the path leads to; false when a step is missing or the value is null.</summary>
    public bool TryResolve(JsonElement root, out JsonElement value)
    {
        var current = root;
        foreach (var segment in segments)
        {
            if (segment.Name is { } name)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    value = default;
                    return false;
                }
            }
            else
            {
                if (current.ValueKind != JsonValueKind.Array || segment.Index >= current.GetArrayLength())
                {
                    value = default;
                    return false;
                }
                current = current[segment.Index];
            }
        }
        value = current;
        return current.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    }

    private readonly record struct Segment(string? Name, int Index);

    private static string? Scan(string? path, out Segment[]? result)
    {
        result = null;
        if (string.IsNullOrEmpty(path)) return "Path is empty.";
        if (path.Length > MaxLength) return $"Path is longer than {MaxLength} characters.";

        var segments = new List<Segment>();
        var i = 0;
        if (path[0] == '$')
        {
            i = 1;
            if (i < path.Length && path[i] is not ('.' or '['))
                return "Expected '.' or '[' after '$' at position 2.";
        }
        else if (path[0] != '.' && path[0] != '[')
        {
            // A bare first name: "a.b" is read as ".a.b".
            var error = ReadName(path, ref i, segments);
            if (error is not null) return error;
        }

        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.')
            {
                i++;
                if (i >= path.Length) return "Path ends with '.'; a name must follow.";
                var error = ReadName(path, ref i, segments);
                if (error is not null) return error;
            }
            else if (c == '[')
            {
                var error = ReadBracket(path, ref i, segments);
                if (error is not null) return error;
            }
            else if (c == ']')
            {
                return At("Unexpected ']'", i);
            }
            else
            {
                return At($"Unexpected '{c}'; expected '.' or '['", i);
            }
            if (segments.Count > MaxSegments) return $"Path has more than {MaxSegments} steps.";
        }

        result = [.. segments];
        return null;
    }

    private static string? ReadName(string path, ref int i, List<Segment> segments)
    {
        var start = i;
        while (i < path.Length && path[i] is not ('.' or '[' or ']') && !char.IsWhiteSpace(path[i]) && !char.IsControl(path[i])) i++;
        if (i == start)
        {
            if (i < path.Length && (char.IsWhiteSpace(path[i]) || char.IsControl(path[i])))
                return At("White space in a name (use ['name with spaces'])", i);
            return At("Empty name", i);
        }
        if (i < path.Length && (char.IsWhiteSpace(path[i]) || char.IsControl(path[i])))
            return At("White space in a name (use ['name with spaces'])", i);
        segments.Add(new Segment(path[start..i], 0));
        return null;
    }

    private static string? ReadBracket(string path, ref int i, List<Segment> segments)
    {
        var open = i;
        i++;
        if (i >= path.Length) return At("Unclosed '['", open);

        if (path[i] is '\'' or '"')
        {
            var quote = path[i];
            i++;
            var name = new StringBuilder();
            while (i < path.Length && path[i] != quote)
            {
                if (path[i] == '\\' && i + 1 < path.Length && path[i + 1] is '\\' or '\'' or '"') i++;
                name.Append(path[i]);
                i++;
            }
            if (i >= path.Length) return At($"Unclosed quote {quote}", open + 1);
            i++;
            if (i >= path.Length || path[i] != ']') return At("Expected ']' after the quoted name", i);
            i++;
            if (name.Length == 0) return At("Empty name", open);
            segments.Add(new Segment(name.ToString(), 0));
            return null;
        }

        var start = i;
        while (i < path.Length && path[i] != ']') i++;
        if (i >= path.Length) return At("Unclosed '['", open);
        var text = path[start..i];
        i++;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return At($"Array index '{text}' must be a non-negative integer (or a quoted name)", start);
        }
        segments.Add(new Segment(null, index));
        return null;
    }

    private static string At(string message, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{message} at position {index + 1}.");
}
