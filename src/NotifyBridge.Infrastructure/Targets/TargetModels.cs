using NotifyBridge.Domain.Targets;

namespace NotifyBridge.Infrastructure.Targets;

/// <summary>
/// What an owner may set on a target. Secrets are write-only (see <see cref="TargetSecretsInput"/>);
/// <see cref="MemberIds"/> is read for broadcasts only, <see cref="TelegramBotId"/> for Telegram only.
/// </summary>
public sealed record TargetInput(
    string Name,
    TargetType Type,
    TargetSettings Settings,
    bool Enabled = true,
    long? TelegramBotId = null,
    TargetSecretsInput? Secrets = null,
    IReadOnlyList<long>? MemberIds = null);

/// <summary>
/// New secret values. Null keeps the stored value (a PUT without secrets changes none);
/// an empty string removes an optional secret; <see cref="Headers"/> replaces all headers
/// when given (an empty dictionary removes them).
/// </summary>
public sealed record TargetSecretsInput(
    string? WebhookUrl = null,
    string? Password = null,
    string? AccessToken = null,
    string? SigningSecret = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>The secrets to store: the stored ones overlaid with these, reduced to what <paramref name="type"/> uses.</summary>
    public static TargetSecrets Merge(TargetType type, TargetSecrets stored, TargetSecretsInput? input)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var merged = new TargetSecrets(
            Pick(stored.WebhookUrl, input?.WebhookUrl, trim: true),
            Pick(stored.Password, input?.Password, trim: false),
            Pick(stored.AccessToken, input?.AccessToken, trim: true),
            Pick(stored.SigningSecret, input?.SigningSecret, trim: false),
            input?.Headers is { } headers ? (headers.Count == 0 ? null : new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase)) : stored.Headers);
        return type switch
        {
            TargetType.Discord => new TargetSecrets(WebhookUrl: merged.WebhookUrl),
            TargetType.Email => new TargetSecrets(Password: merged.Password),
            TargetType.Matrix => new TargetSecrets(AccessToken: merged.AccessToken),
            TargetType.Webhook => new TargetSecrets(SigningSecret: merged.SigningSecret, Headers: merged.Headers),
            _ => TargetSecrets.Empty,
        };
    }

    private static string? Pick(string? stored, string? given, bool trim) => given switch
    {
        null => stored,
        _ when string.IsNullOrWhiteSpace(given) => null,
        _ => trim ? given.Trim() : given,
    };
}

/// <summary>Which secrets are stored (never their values). Header names are shown, their values are not.</summary>
public sealed record TargetSecretsState(bool WebhookUrl, bool Password, bool AccessToken, bool SigningSecret, IReadOnlyList<string> HeaderNames)
{
    public static readonly TargetSecretsState None = new(false, false, false, false, []);

    public static TargetSecretsState Of(TargetSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return new(secrets.WebhookUrl is not null, secrets.Password is not null, secrets.AccessToken is not null,
            secrets.SigningSecret is not null, secrets.Headers is null ? [] : [.. secrets.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase)]);
    }
}

/// <summary>A target as shown to its owner: settings, which secrets are set, bot, members and circuit state.</summary>
public sealed record TargetView(
    long Id,
    string Name,
    TargetType Type,
    bool Enabled,
    TargetSettings Settings,
    TargetSecretsState Secrets,
    long? TelegramBotId,
    string? TelegramBotName,
    IReadOnlyList<long> MemberIds,
    int ConsecutiveFailures,
    DateTime? CircuitOpenUntil,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>True while the delivery worker holds this target's deliveries back after repeated failures.</summary>
    public bool IsCircuitOpen(DateTime nowUtc) => CircuitOpenUntil is { } until && until > nowUtc;
}

/// <summary>What deleting a target takes with it, for the confirmation.</summary>
public sealed record TargetUsage(int LinkCount, int PendingDeliveryCount, IReadOnlyList<string> Broadcasts);

/// <summary>Field errors, keyed by the input field (Name, ChatId, WebhookUrl, Members, ...).</summary>
public sealed class TargetValidationException(IReadOnlyDictionary<string, string> errors) : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public TargetValidationException(string field, string message) : this(new Dictionary<string, string> { [field] = message }) { }
}
