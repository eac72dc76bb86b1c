namespace NotifyBridge.Infrastructure.Notifiers.Discord;

/// <summary>
/// Discord's message and embed limits (discord-api-docs message.mdx "Embed Limits" and
/// webhook.mdx). Discord counts after trimming leading and trailing whitespace; we count
/// UTF-16 code units, which is never fewer than Discord's characters, so we never exceed.
/// </summary>
public static class DiscordLimits
{
    public const int Content = 2000;
    public const int EmbedsPerMessage = 10;
    public const int Title = 256;
    public const int Description = 4096;
    public const int Fields = 25;
    public const int FieldName = 256;
    public const int FieldValue = 1024;
    public const int FooterText = 2048;
    public const int AuthorName = 256;

    /// <summary>Title + description + field names and values + footer + author name, over all embeds of a message.</summary>
    public const int EmbedTotal = 6000;

    public const int Username = 80;
    public const int AvatarUrl = 2048;

    /// <summary>Embeds sharing a URL are shown as one card with a gallery of up to this many images.</summary>
    public const int GalleryImages = 4;
}
