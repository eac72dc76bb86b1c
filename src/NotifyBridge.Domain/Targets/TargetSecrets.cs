using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotifyBridge.Domain.Targets;

/// <summary>
/// The secret half of a target's configuration. Serialized to JSON and then encrypted into
/// <see cref="NotificationTarget.SecretsProtected"/>; only the notifier sees it decrypted.
/// </summary>
public sealed record TargetSecrets(
    string? WebhookUrl = null,
    string? Password = null,
    string? AccessToken = null,
    string? SigningSecret = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public static readonly TargetSecrets Empty = new();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TargetSecrets FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? Empty : JsonSerializer.Deserialize<TargetSecrets>(json, Json) ?? Empty;
}
