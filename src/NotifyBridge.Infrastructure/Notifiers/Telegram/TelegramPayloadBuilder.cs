using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace NotifyBridge.Infrastructure.Notifiers.Telegram;

/// <summary>
/// Turns a message into the Bot API requests that deliver it, in order. Pure: no HTTP, so every
/// rule is testable on its own; <see cref="TelegramNotifier"/> only sends what this returns.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>No assets: the text, split into messages of at most 4096 characters (<see cref="TelegramTextSplitter"/>).</item>
/// <item>Assets, text fits a caption (≤ 1024): the text is the first asset's caption.</item>
/// <item>Assets, text too long for a caption: the text goes first as message(s), then the assets without it.</item>
/// <item>Assets go as media groups of up to 10 (sendMediaGroup needs 2–10 items); a group of one
/// (1 asset, or 11, 21, ...) goes as sendPhoto / sendVideo. Photos and videos mix freely in a group.</item>
/// <item>Every asset is sent by its URL (or file id): Telegram fetches it. Other assets' own
/// captions are escaped and cut to the caption limit.</item>
/// <item>Every request carries message_thread_id when set and disable_notification when silent;
/// text messages carry link_preview_options.is_disabled when the target disables previews.</item>
/// </list>
/// </remarks>
public static class TelegramPayloadBuilder
{
    public const int MaxAlbumSize = 10;

    public static IReadOnlyList<IRequest> Build(ChatId chatId, TelegramTargetSettings settings, NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(chatId);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(message);

        var text = TelegramMessageText.Compose(message);
        var assets = message.Assets;
        var textIsCaption = assets.Count > 0 && text.Length > 0 && TelegramTextSplitter.Fits(text, TelegramTextSplitter.CaptionLimit);
        var requests = new List<IRequest>();
        if (!textIsCaption)
        {
            foreach (var part in TelegramTextSplitter.Split(text, TelegramTextSplitter.MessageLimit))
                requests.Add(TextRequest(chatId, settings, part));
        }

        var index = 0;
        foreach (var group in assets.Chunk(MaxAlbumSize))
        {
            var captions = group.Select((asset, i) => index + i == 0 && textIsCaption ? text : AssetCaption(asset)).ToList();
            requests.Add(group.Length == 1
                ? SingleMediaRequest(chatId, settings, group[0], captions[0])
                : AlbumRequest(chatId, settings, group, captions));
            index += group.Length;
        }
        return requests;
    }

    /// <summary>A value that changes whenever the requests <see cref="Build"/> returns would (within this process).</summary>
    public static int Fingerprint(ChatId chatId, TelegramTargetSettings settings, NotificationMessage message)
    {
        var hash = new HashCode();
        hash.Add(chatId.ToString());
        hash.Add(settings);
        hash.Add(message.Title);
        hash.Add(message.BodyHtml);
        hash.Add(message.Url);
        foreach (var asset in message.Assets) hash.Add(asset);
        return hash.ToHashCode();
    }

    private static SendMessageRequest TextRequest(ChatId chatId, TelegramTargetSettings settings, string text) => new()
    {
        ChatId = chatId,
        Text = text,
        ParseMode = ParseMode.Html,
        MessageThreadId = settings.MessageThreadId,
        DisableNotification = settings.Silent,
        LinkPreviewOptions = settings.DisableLinkPreview ? new LinkPreviewOptions { IsDisabled = true } : null,
    };

    private static IRequest SingleMediaRequest(ChatId chatId, TelegramTargetSettings settings, MessageAsset asset, string? caption)
    {
        var file = InputFile.FromString(asset.Url);
        var parseMode = caption is null ? ParseMode.None : ParseMode.Html;
        return asset.IsVideo
            ? new SendVideoRequest
            {
                ChatId = chatId, Video = file, Caption = caption, ParseMode = parseMode,
                MessageThreadId = settings.MessageThreadId, DisableNotification = settings.Silent,
            }
            : new SendPhotoRequest
            {
                ChatId = chatId, Photo = file, Caption = caption, ParseMode = parseMode,
                MessageThreadId = settings.MessageThreadId, DisableNotification = settings.Silent,
            };
    }

    private static SendMediaGroupRequest AlbumRequest(ChatId chatId, TelegramTargetSettings settings, MessageAsset[] group, List<string?> captions)
    {
        var media = new List<IAlbumInputMedia>(group.Length);
        for (var i = 0; i < group.Length; i++)
        {
            var file = InputFile.FromString(group[i].Url);
            var caption = captions[i];
            var parseMode = caption is null ? ParseMode.None : ParseMode.Html;
            media.Add(group[i].IsVideo
                ? new InputMediaVideo(file) { Caption = caption, ParseMode = parseMode }
                : new InputMediaPhoto(file) { Caption = caption, ParseMode = parseMode });
        }
        return new SendMediaGroupRequest
        {
            ChatId = chatId,
            Media = media,
            MessageThreadId = settings.MessageThreadId,
            DisableNotification = settings.Silent,
        };
    }

    /// <summary>An asset's own caption (plain text): escaped, and cut to the caption limit at a word boundary.</summary>
    private static string? AssetCaption(MessageAsset asset)
    {
        if (string.IsNullOrWhiteSpace(asset.Caption)) return null;
        var parts = TelegramTextSplitter.Split(MessageMarkup.Escape(asset.Caption.Trim()), TelegramTextSplitter.CaptionLimit);
        return parts.Count == 0 ? null : parts[0];
    }
}
