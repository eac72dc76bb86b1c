using MudBlazor;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Targets;

namespace NotifyBridge.Web.Components.Pages.Targets;

/// <summary>How targets look in lists: an icon and a name per type, and one status chip.</summary>
internal static class TargetLook
{
    public static readonly TargetType[] Types = [TargetType.Telegram, TargetType.Discord, TargetType.Email, TargetType.Matrix, TargetType.Webhook, TargetType.Broadcast];

    public static string Icon(TargetType type) => type switch
    {
        TargetType.Telegram => Icons.Custom.Brands.Telegram,
        TargetType.Discord => Icons.Custom.Brands.Discord,
        TargetType.Email => Icons.Material.Filled.Email,
        TargetType.Matrix => Icons.Material.Filled.GridOn,
        TargetType.Webhook => Icons.Material.Filled.Webhook,
        _ => Icons.Material.Filled.CellTower,
    };

    public static string Name(TargetType type) => type switch
    {
        TargetType.Email => "Email (SMTP)",
        TargetType.Webhook => "Outgoing webhook",
        _ => type.ToString(),
    };

    /// <summary>The one-line "where it goes" of a target, without secrets.</summary>
    public static string Where(TargetView target, IReadOnlyDictionary<long, string> names) => target.Settings switch
    {
        TelegramTargetSettings t => $"chat {t.ChatId}{(t.MessageThreadId is { } topic ? $" · topic {topic}" : "")} via {target.TelegramBotName ?? "?"}",
        DiscordTargetSettings => target.Secrets.WebhookUrl ? "Discord webhook" : "webhook URL missing",
        EmailTargetSettings e => $"{string.Join(", ", e.Recipients)} via {e.Host}:{e.Port}",
        MatrixTargetSettings m => $"{m.RoomId} on {HostOf(m.HomeserverUrl)}",
        WebhookTargetSettings w => $"{w.Method} {w.Url}",
        _ => string.Join(", ", target.MemberIds.Select(id => names.TryGetValue(id, out var n) ? n : $"#{id}")),
    };

    public static (string Text, Color Color) Status(TargetView target, DateTime nowUtc) =>
        !target.Enabled ? ("disabled", Color.Default)
        : target.IsCircuitOpen(nowUtc) ? ("circuit open", Color.Error)
        : target.ConsecutiveFailures > 0 ? ($"failing ({target.ConsecutiveFailures})", Color.Warning)
        : ("enabled", Color.Success);

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;
}
