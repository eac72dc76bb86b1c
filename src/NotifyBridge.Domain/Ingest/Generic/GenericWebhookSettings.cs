using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using NotifyBridge.Domain.Events;

namespace NotifyBridge.Domain.Ingest.Generic;

/// <summary>
/// The generic webhook provider's field mapping, stored as the provider's settings JSON with camelCase
/// names (<c>{"titlePath":"alert.name","messagePath":"alert.annotations.summary"}</c>). Every path is
/// optional (see <see cref="JsonFieldPath"/> for the syntax); a path that finds nothing falls back to the
/// default keys. <see cref="DefaultEventType"/> is used when no event type is found.
/// </summary>
public sealed record GenericWebhookSettings
{
    public string? TitlePath { get; init; }
    public string? MessagePath { get; init; }
    public string? UrlPath { get; init; }
    public string? SeverityPath { get; init; }
    public string? EventTypePath { get; init; }
    public string? CollectionPath { get; init; }
    public string? ActorPath { get; init; }
    public string DefaultEventType { get; init; } = EventTypes.Webhook;

    public static GenericWebhookSettings Default { get; } = new();

    /// <summary>camelCase, case-insensitive on read, nulls left out on write, unknown properties ignored.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads settings JSON; null, empty or <c>{}</c> gives the defaults. False with a message when the JSON is malformed.</summary>
    public static bool TryParse(string? json, [NotNullWhen(true)] out GenericWebhookSettings? settings, [NotNullWhen(false)] out string? error)
    {
        settings = null;
        error = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            settings = Default;
            return true;
        }
        try
        {
            var parsed = JsonSerializer.Deserialize<GenericWebhookSettings>(json, JsonOptions);
            if (parsed is null)
            {
                settings = Default;
                return true;
            }
            settings = string.IsNullOrWhiteSpace(parsed.DefaultEventType) ? parsed with { DefaultEventType = EventTypes.Webhook } : parsed;
            return true;
        }
        catch (JsonException exception)
        {
            error = "Settings: " + InboundBody.DescribeJsonError(exception);
            return false;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Problems that should block saving, each naming its field: <c>"titlePath: Unclosed '[' at position 6."</c>.
    /// Empty when the settings are usable.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, path) in Paths())
        {
            if (string.IsNullOrWhiteSpace(path)) continue;
            if (JsonFieldPath.Validate(path) is { } error) errors.Add($"{name}: {error}");
        }
        if (!EventTypes.IsValid(DefaultEventType))
            errors.Add("defaultEventType: must be 1 to 64 lower-case letters, digits or underscores.");
        return errors;
    }

    /// <summary>The mapped fields with their (camelCase) setting names and configured paths.</summary>
    public IEnumerable<(string Name, string? Path)> Paths()
    {
        yield return ("titlePath", TitlePath);
        yield return ("messagePath", MessagePath);
        yield return ("urlPath", UrlPath);
        yield return ("severityPath", SeverityPath);
        yield return ("eventTypePath", EventTypePath);
        yield return ("collectionPath", CollectionPath);
        yield return ("actorPath", ActorPath);
    }
}
