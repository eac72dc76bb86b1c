using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace NotifyBridge.Domain.Ingest;

/// <summary>
/// Writes the compact <see cref="NormalizedEvent.DetailsJson"/> object. Strings are capped, null
/// values are left out, and HTML-sensitive characters are escaped while other non-ASCII text stays readable.
/// </summary>
public sealed class DetailsJsonWriter : IDisposable
{
    /// <summary>Compact output; escapes &lt; &gt; &amp; ' " but keeps letters of every script as they are.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Indented = false,
        SkipValidation = false,
    };

    private readonly ArrayBufferWriter<byte> buffer = new(1024);
    private readonly Utf8JsonWriter writer;

    public DetailsJsonWriter()
    {
        writer = new Utf8JsonWriter(buffer, WriterOptions);
        writer.WriteStartObject();
    }

    /// <summary>The underlying writer, for nested objects and arrays.</summary>
    public Utf8JsonWriter Json => writer;

    /// <summary>Bytes written so far (flushed or pending).</summary>
    public long Length => writer.BytesCommitted + writer.BytesPending;

    public DetailsJsonWriter String(string name, string? value, int maxLength = IngestLimits.FieldMaxLength)
    {
        if (value is not null) writer.WriteString(name, IngestText.Truncate(value, maxLength));
        return this;
    }

    public DetailsJsonWriter Number(string name, long? value)
    {
        if (value is { } number) writer.WriteNumber(name, number);
        return this;
    }

    public DetailsJsonWriter Boolean(string name, bool? value)
    {
        if (value is { } flag) writer.WriteBoolean(name, flag);
        return this;
    }

    /// <summary>An array of strings (each capped), at most <paramref name="maxItems"/>; left out when null.</summary>
    public DetailsJsonWriter Strings(string name, IEnumerable<string>? values, int maxItems = 20, int maxLength = 200)
    {
        if (values is null) return this;
        writer.WriteStartArray(name);
        foreach (var value in values.Take(maxItems)) writer.WriteStringValue(IngestText.Truncate(value, maxLength));
        writer.WriteEndArray();
        return this;
    }

    /// <summary>Copies a JSON value as it is (the caller checks the size budget).</summary>
    public DetailsJsonWriter Element(string name, JsonElement value)
    {
        writer.WritePropertyName(name);
        value.WriteTo(writer);
        return this;
    }

    /// <summary>Closes the object and returns it as a string.</summary>
    public string Build()
    {
        writer.WriteEndObject();
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A JSON value rendered compactly with the same escaping as the details.</summary>
    public static string Compact(JsonElement value)
    {
        var output = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(output, WriterOptions))
        {
            value.WriteTo(json);
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public void Dispose() => writer.Dispose();
}
