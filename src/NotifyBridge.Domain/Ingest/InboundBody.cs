using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NotifyBridge.Domain.Ingest;

/// <summary>Body decoding shared by the parsers: media types, URL-encoded forms and JSON with clear error messages.</summary>
public static class InboundBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>The media type of a Content-Type header without parameters, trimmed ("application/json"), or null.</summary>
    public static string? MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var media = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return media.Length == 0 ? null : media;
    }

    public static bool IsForm(string? contentType) =>
        string.Equals(MediaType(contentType), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    /// <summary>application/json, text/json, anything+json.</summary>
    public static bool IsJson(string? contentType) =>
        MediaType(contentType) is { } media && (
            media.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
            media.Equals("text/json", StringComparison.OrdinalIgnoreCase) ||
            media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body without a leading UTF-8 byte order mark.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? body.AsMemory(3) : body.AsMemory();
    }

    /// <summary>True when the body is empty or only white space.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        }
        return true;
    }

    /// <summary>The first byte that is not white space (after a BOM), or 0 when there is none.</summary>
    public static byte FirstSignificantByte(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return b;
        }
        return 0;
    }

    /// <summary>
    /// Parses JSON, or returns false with a message like
    /// "Malformed JSON at line 3, position 5: '}' is an invalid start of a value." (both 1-based; the position counts bytes).
    /// The caller disposes the document.
    /// </summary>
    public static bool TryParseJson(ReadOnlyMemory<byte> json, out JsonDocument? document, out string? error)
    {
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            document = null;
            error = DescribeJsonError(exception);
            return false;
        }
    }

    public static string DescribeJsonError(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix > 0) message = message[..suffix];
        message = IngestText.SingleLine(message, 300);
        if (exception.LineNumber is { } line && exception.BytePositionInLine is { } position)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Malformed JSON at line {line + 1}, position {position + 1}: {message}");
        }
        return $"Malformed JSON: {message}";
    }

    /// <summary>
    /// Decodes an application/x-www-form-urlencoded body into (name, raw value bytes) pairs, in order:
    /// "+" is a space, %XX a byte. Values stay bytes so that a signature over them can be checked exactly.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> ParseFormBytes(ReadOnlySpan<byte> body)
    {
        var fields = new List<KeyValuePair<string, byte[]>>();
        while (!body.IsEmpty)
        {
            var amp = body.IndexOf((byte)'&');
            var pair = amp >= 0 ? body[..amp] : body;
            body = amp >= 0 ? body[(amp + 1)..] : [];
            if (pair.IsEmpty) continue;
            var eq = pair.IndexOf((byte)'=');
            var name = eq >= 0 ? pair[..eq] : pair;
            var value = eq >= 0 ? pair[(eq + 1)..] : [];
            fields.Add(new(Encoding.UTF8.GetString(PercentDecode(name)), PercentDecode(value)));
        }
        return fields;
    }

    /// <summary>The form fields as text (UTF-8; later duplicates are ignored), names compared case-sensitively as sent.</summary>
    public static IReadOnlyDictionary<string, string> ParseForm(ReadOnlySpan<byte> body)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in ParseFormBytes(body))
        {
            result.TryAdd(name, Encoding.UTF8.GetString(value));
        }
        return result;
    }

    private static byte[] PercentDecode(ReadOnlySpan<byte> encoded)
    {
        var output = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == (byte)'+') b = (byte)' ';
            else if (b == (byte)'%' && i + 2 < encoded.Length && HexValue(encoded[i + 1]) is >= 0 and var high && HexValue(encoded[i + 2]) is >= 0 and var low)
            {
                b = (byte)((high << 4) | low);
                i += 2;
            }
            output[length++] = b;
        }
        return output.AsSpan(0, length).ToArray();
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>The body decoded as UTF-8 text (invalid sequences become U+FFFD), without a BOM.</summary>
    public static string Text(byte[] body) => Encoding.UTF8.GetString(WithoutBom(body).Span);
}
