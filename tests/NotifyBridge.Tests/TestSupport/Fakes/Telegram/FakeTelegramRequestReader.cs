using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NotifyBridge.Tests.TestSupport.Fakes.Telegram;

/// <summary>A request's parameters however they came (query, urlencoded, JSON, multipart).</summary>
internal sealed record FakeTelegramIncoming(IReadOnlyDictionary<string, string> Parameters, IReadOnlyList<FakeTelegramUpload> Uploads, string? Body)
{
    public string? Get(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Reads Bot API parameters the way the server does: the query string, then the body as
/// application/json, application/x-www-form-urlencoded or multipart/form-data. Inside forms,
/// objects and arrays (media, link_preview_options) arrive as JSON text; in a JSON body they are
/// kept as their raw JSON, so both forms look the same to the handlers.
/// </summary>
internal static class FakeTelegramRequestReader
{
    public static async Task<FakeTelegramIncoming> ReadAsync(HttpRequest request)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var uploads = new List<FakeTelegramUpload>();
        foreach (var (name, value) in request.Query) parameters[name] = value.ToString();

        string? body = null;
        if (request.HasFormContentType)
        {
            var multipart = request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;
            if (!multipart)
            {
                request.EnableBuffering();
                body = await ReadBodyAsync(request).ConfigureAwait(false);
                request.Body.Position = 0;
            }
            var form = await request.ReadFormAsync().ConfigureAwait(false);
            foreach (var (name, value) in form) parameters[name] = value.ToString();
            foreach (var file in form.Files) uploads.Add(new FakeTelegramUpload(file.Name, file.FileName, file.ContentType, file.Length));
        }
        else
        {
            body = await ReadBodyAsync(request).ConfigureAwait(false);
            if (body.Length > 0 && request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                try
                {
                    using var document = JsonDocument.Parse(body);
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in document.RootElement.EnumerateObject())
                        {
                            if (property.Value.ValueKind == JsonValueKind.Null) continue;
                            parameters[property.Name] = property.Value.ValueKind == JsonValueKind.String
                                ? property.Value.GetString()!
                                : property.Value.GetRawText();
                        }
                    }
                }
                catch (JsonException)
                {
                    // The real server answers as if no parameters were given; so do we.
                }
            }
            if (body.Length == 0) body = null;
        }
        return new FakeTelegramIncoming(parameters, uploads, body);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return await reader.ReadToEndAsync().ConfigureAwait(false);
    }
}
