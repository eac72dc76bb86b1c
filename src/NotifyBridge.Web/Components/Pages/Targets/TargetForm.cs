using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Targets;

namespace NotifyBridge.Web.Components.Pages.Targets;

/// <summary>
/// The target dialog's fields for every type at once (switching type keeps what was typed).
/// Secret fields start empty: empty keeps the stored value; the Remove… flags clear optional ones.
/// </summary>
public sealed class TargetForm
{
    public string Name { get; set; } = "";
    public TargetType Type { get; set; } = TargetType.Telegram;
    public bool Enabled { get; set; } = true;

    public long? TelegramBotId { get; set; }
    public string ChatId { get; set; } = "";
    public int? MessageThreadId { get; set; }
    public bool Silent { get; set; }

    public string? DiscordWebhookUrl { get; set; }
    public string? DiscordUsername { get; set; }
    public string? DiscordAvatarUrl { get; set; }

    public string SmtpHost { get; set; } = "";
    public int SmtpPort { get; set; } = 587;
    public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.StartTls;
    public string? SmtpUserName { get; set; }
    public string? SmtpPassword { get; set; }
    public bool RemoveSmtpPassword { get; set; }
    public string From { get; set; } = "";

    /// <summary>Recipients, one per line (commas and semicolons work too).</summary>
    public string To { get; set; } = "";

    public string HomeserverUrl { get; set; } = "";
    public string RoomId { get; set; } = "";
    public string? MatrixAccessToken { get; set; }

    public string WebhookUrl { get; set; } = "";
    public string Method { get; set; } = "POST";
    public string? BodyTemplate { get; set; }
    public string? SigningSecret { get; set; }
    public bool RemoveSigningSecret { get; set; }

    /// <summary>"Name: value" per line; empty keeps the stored headers.</summary>
    public string? Headers { get; set; }
    public bool RemoveHeaders { get; set; }

    public IReadOnlyCollection<long> MemberIds { get; set; } = [];

    public static TargetForm FromView(TargetView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var form = new TargetForm { Name = view.Name, Type = view.Type, Enabled = view.Enabled, TelegramBotId = view.TelegramBotId, MemberIds = view.MemberIds };
        switch (view.Settings)
        {
            case TelegramTargetSettings t:
                (form.ChatId, form.MessageThreadId, form.Silent) = (t.ChatId, t.MessageThreadId, t.Silent);
                break;
            case DiscordTargetSettings d:
                (form.DiscordUsername, form.DiscordAvatarUrl) = (d.Username, d.AvatarUrl);
                break;
            case EmailTargetSettings e:
                (form.SmtpHost, form.SmtpPort, form.SmtpSecurity, form.SmtpUserName, form.From) = (e.Host, e.Port, e.Security, e.UserName, e.From);
                form.To = string.Join('\n', e.Recipients);
                break;
            case MatrixTargetSettings m:
                (form.HomeserverUrl, form.RoomId) = (m.HomeserverUrl, m.RoomId);
                break;
            case WebhookTargetSettings w:
                (form.WebhookUrl, form.Method, form.BodyTemplate) = (w.Url, w.Method, w.BodyTemplate);
                break;
        }
        return form;
    }

    public TargetInput ToInput() => new(Name, Type, Settings(), Enabled, Type == TargetType.Telegram ? TelegramBotId : null, Secrets(),
        Type == TargetType.Broadcast ? [.. MemberIds] : null);

    private TargetSettings Settings() => Type switch
    {
        TargetType.Telegram => new TelegramTargetSettings(ChatId ?? "", MessageThreadId, Silent),
        TargetType.Discord => new DiscordTargetSettings(DiscordUsername, DiscordAvatarUrl),
        TargetType.Email => new EmailTargetSettings(SmtpHost ?? "", SmtpPort, SmtpSecurity, SmtpUserName, From ?? "",
            [.. (To ?? "").Split(['\n', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]),
        TargetType.Matrix => new MatrixTargetSettings(HomeserverUrl ?? "", RoomId ?? ""),
        TargetType.Webhook => new WebhookTargetSettings(WebhookUrl ?? "", Method, BodyTemplate),
        _ => new BroadcastTargetSettings(),
    };

    private TargetSecretsInput Secrets() => new(
        WebhookUrl: Given(DiscordWebhookUrl),
        Password: RemoveSmtpPassword ? "" : Given(SmtpPassword),
        AccessToken: Given(MatrixAccessToken),
        SigningSecret: RemoveSigningSecret ? "" : Given(SigningSecret),
        Headers: RemoveHeaders ? new Dictionary<string, string>() : ParseHeaders(Headers));

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>"Name: value" lines into headers; a line without a colon becomes a name the validator refuses, so the user sees why.</summary>
    public static Dictionary<string, string>? ParseHeaders(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) headers[line] = "";
            else headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return headers;
    }
}
