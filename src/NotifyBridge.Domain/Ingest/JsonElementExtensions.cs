using System.Globalization;
using System.Text.Json;

namespace NotifyBridge.Domain.Ingest;

/// <summary>Lenient reads of optional payload fields (a field of the wrong kind counts as absent).</summary>
internal static class JsonElementExtensions
{
    public static JsonElement? Property(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static JsonElement? Array(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Array } value ? value : null;

    /// <summary>A string field; numbers and booleans are accepted as their text.</summary>
    public static string? String(this JsonElement element, string name) =>
        element.Property(name) is { } value ? Scalar(value) : null;

    /// <summary>A string field that is not empty or white space.</summary>
    public static string? NonEmptyString(this JsonElement element, string name) =>
        element.String(name) is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

    public static long? Int64(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    public static bool? Boolean(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    /// <summary>A string as it is; a number or boolean as its JSON text; otherwise null.</summary>
    public static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>A value as text: strings as they are, numbers and booleans as their JSON text, objects and arrays as compact JSON, null as null.</summary>
    public static string? Render(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Object or JsonValueKind.Array => DetailsJsonWriter.Compact(value),
        _ => Scalar(value),
    };

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
