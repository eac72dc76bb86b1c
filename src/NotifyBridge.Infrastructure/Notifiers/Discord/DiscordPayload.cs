using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotifyBridge.Infrastructure.Notifiers.Discord;

/// <summary>The JSON body of Execute Webhook (the parts NotifyBridge sets).</summary>
public sealed record DiscordWebhookPayload(
    string? Content,
    string? Username,
    string? AvatarUrl,
    DiscordAllowedMentions AllowedMentions,
    IReadOnlyList<DiscordEmbed> Embeds)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The body goes to an API, never into a page: readable non-ASCII and markup characters are safe.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>What Discord counts against <see cref="DiscordLimits.EmbedTotal"/>.</summary>
    [JsonIgnore]
    public int EmbedCharacters => Embeds.Sum(e => e.Characters);
}

/// <summary><c>parse: []</c>: nothing in the text (an event's "@everyone", a role or user mention) can ping anyone.</summary>
public sealed record DiscordAllowedMentions(IReadOnlyList<string> Parse)
{
    public static readonly DiscordAllowedMentions None = new([]);
}

public sealed record DiscordEmbed(
    string? Title = null,
    string? Url = null,
    string? Description = null,
    int? Color = null,
    IReadOnlyList<DiscordEmbedField>? Fields = null,
    DiscordEmbedMedia? Image = null,
    DiscordEmbedFooter? Footer = null)
{
    [JsonIgnore]
    public int Characters =>
        (Title?.Length ?? 0) + (Description?.Length ?? 0) + (Footer?.Text.Length ?? 0)
        + (Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);
}

public sealed record DiscordEmbedField(string Name, string Value, bool Inline);

public sealed record DiscordEmbedMedia(string Url);

public sealed record DiscordEmbedFooter(string Text);
