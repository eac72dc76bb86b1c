using System.Globalization;
using System.Text.Json.Nodes;

namespace NotifyBridge.Tests.TestSupport.Fakes.Discord;

/// <summary>
/// Discord's Execute Webhook form rules (/work/shared/fixtures/discord/REFERENCE.md): lengths count
/// after trimming, inclusively; a broken rule is a field error under its JSON path
/// ("embeds.0.description") in the 50035 "Invalid Form Body" tree. Lengths are counted in UTF-16
/// code units (at least Discord's count, so the fake is never more lenient than Discord).
/// </summary>
public static class FakeDiscordValidation
{
    public sealed record FieldError(string Path, string Code, string Message);

    private static readonly string[] MentionTypes = ["roles", "users", "everyone"];

    /// <summary>SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS and IS_COMPONENTS_V2 are the only flags a webhook may set.</summary>
    private const long AllowedFlags = (1 << 2) | (1 << 12) | (1 << 15);

    public static List<FieldError> Validate(JsonObject payload)
    {
        var errors = new List<FieldError>();
        MaxLength(errors, "content", payload["content"], 2000);
        if (payload["username"] is JsonNode username)
        {
            if (Text(username) is not { } name) errors.Add(new("username", "BASE_TYPE_STRING", "Must be a string."));
            else if (name.Trim().Length is < 1 or > 80) errors.Add(new("username", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 80 in length."));
        }
        if (payload["avatar_url"] is JsonNode avatar)
        {
            if (!MaxLength(errors, "avatar_url", avatar, 2048)) Url(errors, "avatar_url", avatar, allowAttachment: false);
        }
        if (payload["allowed_mentions"]?["parse"] is JsonArray parse)
        {
            for (var i = 0; i < parse.Count; i++)
                if (Text(parse[i]) is not { } type || !MentionTypes.Contains(type))
                    errors.Add(new($"allowed_mentions.parse.{i}", "BASE_TYPE_CHOICES", "Value must be one of {'roles', 'users', 'everyone'}."));
        }
        if (payload["flags"] is JsonValue flags && flags.TryGetValue<long>(out var bits) && (bits & ~AllowedFlags) != 0)
            errors.Add(new("flags", "MESSAGE_FLAGS_INVALID", "Invalid flags."));

        if (payload["embeds"] is JsonArray embeds)
        {
            if (embeds.Count > 10) errors.Add(new("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."));
            var total = 0;
            for (var i = 0; i < embeds.Count; i++)
            {
                if (embeds[i] is not JsonObject embed)
                {
                    errors.Add(new($"embeds.{i}", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType"));
                    continue;
                }
                total += ValidateEmbed(errors, $"embeds.{i}", embed);
            }
            if (total > 6000) errors.Add(new("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"));
        }
        return errors;
    }

    /// <summary>Checks one embed; returns its characters toward the 6000 total.</summary>
    private static int ValidateEmbed(List<FieldError> errors, string path, JsonObject embed)
    {
        var characters = 0;
        characters += Counted(errors, $"{path}.title", embed["title"], 256);
        characters += Counted(errors, $"{path}.description", embed["description"], 4096);
        if (embed["url"] is JsonNode url) Url(errors, $"{path}.url", url, allowAttachment: false);
        if (embed["color"] is JsonValue color && color.TryGetValue<long>(out var value))
        {
            if (value > 16777215) errors.Add(new($"{path}.color", "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215."));
            if (value < 0) errors.Add(new($"{path}.color", "NUMBER_TYPE_MIN", "int value should be greater than or equal to 0."));
        }
        foreach (var media in new[] { "image", "thumbnail" })
            if (embed[media] is JsonObject m)
            {
                if (m["url"] is JsonNode mediaUrl) Url(errors, $"{path}.{media}.url", mediaUrl, allowAttachment: true);
                else errors.Add(new($"{path}.{media}.url", "BASE_TYPE_REQUIRED", "This field is required"));
            }
        if (embed["footer"] is JsonObject footer)
            characters += Required(errors, $"{path}.footer.text", footer["text"], 2048);
        if (embed["author"] is JsonObject author)
            characters += Required(errors, $"{path}.author.name", author["name"], 256);
        if (embed["fields"] is JsonArray fields)
        {
            if (fields.Count > 25) errors.Add(new($"{path}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."));
            for (var f = 0; f < fields.Count; f++)
            {
                var field = fields[f] as JsonObject;
                characters += Required(errors, $"{path}.fields.{f}.name", field?["name"], 256);
                characters += Required(errors, $"{path}.fields.{f}.value", field?["value"], 1024);
            }
        }
        return characters;
    }

    /// <summary>Discord's notion of an empty message: no content, embeds, components, files or poll.</summary>
    public static bool IsEmpty(JsonObject payload, bool hasFiles) =>
        !hasFiles
        && string.IsNullOrWhiteSpace(Text(payload["content"]))
        && payload["embeds"] is not JsonArray { Count: > 0 }
        && payload["components"] is not JsonArray { Count: > 0 }
        && payload["poll"] is null;

    /// <summary>The 50035 error tree: {"embeds": {"0": {"description": {"_errors": [...]}}}}.</summary>
    public static JsonObject ErrorTree(IEnumerable<FieldError> errors)
    {
        var root = new JsonObject();
        foreach (var error in errors)
        {
            var node = root;
            foreach (var segment in error.Path.Split('.'))
            {
                if (node[segment] is not JsonObject child) node[segment] = child = new JsonObject();
                node = child;
            }
            if (node["_errors"] is not JsonArray list) node["_errors"] = list = new JsonArray();
            list.Add(new JsonObject { ["code"] = error.Code, ["message"] = error.Message });
        }
        return root;
    }

    private static int Counted(List<FieldError> errors, string path, JsonNode? node, int max)
    {
        MaxLength(errors, path, node, max);
        return Text(node)?.Trim().Length ?? 0;
    }

    private static int Required(List<FieldError> errors, string path, JsonNode? node, int max)
    {
        if (string.IsNullOrWhiteSpace(Text(node)))
        {
            errors.Add(new(path, "BASE_TYPE_REQUIRED", "This field is required"));
            return 0;
        }
        return Counted(errors, path, node, max);
    }

    /// <summary>Adds an error when the trimmed text is longer than <paramref name="max"/>; true when it did.</summary>
    private static bool MaxLength(List<FieldError> errors, string path, JsonNode? node, int max)
    {
        if (node is null) return false;
        if (Text(node) is not { } text)
        {
            errors.Add(new(path, "BASE_TYPE_STRING", "Must be a string."));
            return true;
        }
        if (text.Trim().Length <= max) return false;
        errors.Add(new(path, "BASE_TYPE_MAX_LENGTH", string.Create(CultureInfo.InvariantCulture, $"Must be {max} or fewer in length.")));
        return true;
    }

    private static void Url(List<FieldError> errors, string path, JsonNode node, bool allowAttachment)
    {
        var text = Text(node)?.Trim();
        var ok = Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme is "http" or "https" || (allowAttachment && uri.Scheme == "attachment"));
        if (!ok) errors.Add(new(path, "URL_TYPE_INVALID_URL", "Not a well formed URL."));
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
