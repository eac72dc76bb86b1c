using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Fluid.Values;

namespace NotifyBridge.Infrastructure.Notifiers.Webhook;

/// <summary>
/// The <c>json</c> filter of webhook body templates: writes a value as a JSON literal and marks
/// it as not-to-be-encoded. Fluid's own <c>json</c> filter output would be escaped a second time
/// by the renderer's JSON-string encoder, so it is replaced.
/// </summary>
internal static class LiquidJsonFilter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Deeper than any payload JsonDocument would read (64): a cycle cannot occur in our model.
        MaxDepth = 128,
    };

    public static ValueTask<FluidValue> Json(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) Write(writer, input, context);
        return new ValueTask<FluidValue>(new StringValue(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), encode: false));
    }

    private static void Write(Utf8JsonWriter writer, FluidValue value, TemplateContext context)
    {
        switch (value.Type)
        {
            case FluidValues.Boolean:
                writer.WriteBooleanValue(value.ToBooleanValue());
                break;
            case FluidValues.Number:
                writer.WriteNumberValue(value.ToNumberValue());
                break;
            case FluidValues.String:
                writer.WriteStringValue(value.ToStringValue());
                break;
            case FluidValues.DateTime:
                writer.WriteStringValue(value.ToObjectValue() is DateTimeOffset date
                    ? date.ToString("O", CultureInfo.InvariantCulture)
                    : value.ToStringValue());
                break;
            case FluidValues.Array:
                writer.WriteStartArray();
                foreach (var item in value.Enumerate(context)) Write(writer, item, context);
                writer.WriteEndArray();
                break;
            case FluidValues.Dictionary when value.ToObjectValue() is IFluidIndexable dictionary:
                writer.WriteStartObject();
                foreach (var key in dictionary.Keys)
                {
                    writer.WritePropertyName(key);
                    Write(writer, dictionary.TryGetValue(key, out var item) ? item : NilValue.Instance, context);
                }
                writer.WriteEndObject();
                break;
            case FluidValues.Object:
                // Not produced by our model; written as its text rather than reflected over.
                writer.WriteStringValue(value.ToStringValue());
                break;
            default:
                // Nil, empty, blank, functions.
                writer.WriteNullValue();
                break;
        }
    }
}
