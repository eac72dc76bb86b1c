using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;

namespace NotifyBridge.Infrastructure.Notifiers.Discord;

/// <summary>
/// Turns a <see cref="NotificationMessage"/> into an Execute Webhook body that is always within
/// Discord's limits (<see cref="DiscordLimits"/>). Pure: no I/O, no clock.
/// </summary>
/// <remarks>
/// <para><b>Content vs embed.</b> The body (Discord Markdown) goes into <c>content</c> when it fits
/// in 2000 characters: content is what push notifications show and what Discord search finds. A
/// longer body moves whole into the first embed's description (4096 characters, clipped with "…")
/// rather than being cut at 2000. The first embed is the card: title linking to
/// <see cref="NotificationMessage.Url"/>, a colour by severity, the fields, and the first image.</para>
/// <para><b>Assets.</b> The first image is the card's image. Each further asset is one more embed:
/// images with the card's URL, so Discord shows up to four as one gallery (later ones get their
/// own URL and show as separate images); videos, which webhooks cannot embed, as a link titled with
/// the file name. At most 10 embeds; the card's footer says "+N more" for assets left out.
/// Captions are not sent (an embed per photo has nowhere to show them but its title).</para>
/// <para><b>Fields</b> are plain text, escaped for Markdown; the first 25 are kept; an empty name or
/// value becomes a zero-width space (Discord requires both).</para>
/// <para><b>The 6000-character total</b> (titles, descriptions, fields, footers) is met by cutting, in
/// this order, until it fits: (1) field values from the last field backwards (a field that would
/// keep fewer than 32 characters is dropped), (2) the description, (3) the titles of the extra
/// embeds from the last, (4) the card's title. Every cut text ends in "…", at a line break when one
/// is near.</para>
/// <para><b>Mentions.</b> <c>allowed_mentions.parse</c> is empty, so "@everyone" in an event's text,
/// or a role or user mention, is shown but pings no one.</para>
/// </remarks>
public static class DiscordPayloadBuilder
{
    private const string Ellipsis = "…";
    private const string ZeroWidthSpace = "\u200B";
    private const int MinimumFieldValue = 32;

    public static DiscordWebhookPayload Build(NotificationMessage message, DiscordTargetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(settings);

        var body = MessageMarkup.ToDiscordMarkdown(message.BodyHtml).Trim();
        var content = body.Length <= DiscordLimits.Content ? NullIfEmpty(body) : null;
        var description = content is null ? NullIfEmpty(Clip(body, DiscordLimits.Description)) : null;

        var url = WebUrl(message.Url);
        var fields = message.Fields.Take(DiscordLimits.Fields)
            .Select(f => new DiscordEmbedField(FieldText(f.Name, DiscordLimits.FieldName), FieldText(f.Value, DiscordLimits.FieldValue), f.Inline))
            .ToList();
        var card = new DiscordEmbed(
            Title: NullIfEmpty(Clip(message.Title.Trim(), DiscordLimits.Title)),
            Url: url,
            Description: description,
            Color: ColorOf(message.Severity),
            Fields: fields);

        var embeds = AddAssets(card, message.Assets);
        embeds = FitTotal(embeds);
        embeds = embeds.Select(e => e.Fields is { Count: 0 } ? e with { Fields = null } : e)
            .Where(e => e.Title is not null || e.Description is not null || e.Fields is not null || e.Image is not null || e.Footer is not null)
            .ToList();

        return new DiscordWebhookPayload(
            content,
            NullIfEmpty(Clip(settings.Username?.Trim() ?? "", DiscordLimits.Username)),
            WebUrl(settings.AvatarUrl) is { Length: <= DiscordLimits.AvatarUrl } avatar ? avatar : null,
            DiscordAllowedMentions.None,
            embeds);
    }

    /// <summary>Severity colours: grey, blurple, orange, red.</summary>
    public static int ColorOf(EventSeverity severity) => severity switch
    {
        EventSeverity.Low => 0x95A5A6,
        EventSeverity.High => 0xE67E22,
        EventSeverity.Critical => 0xED4245,
        _ => 0x5865F2,
    };

    private static List<DiscordEmbed> AddAssets(DiscordEmbed card, IReadOnlyList<MessageAsset> assets)
    {
        var extra = new List<DiscordEmbed>();
        var galleryImages = 1;
        var omitted = 0;
        foreach (var asset in assets)
        {
            var assetUrl = WebUrl(asset.Url);
            if (assetUrl is null) continue;
            if (!asset.IsVideo && card.Image is null)
            {
                card = card with { Image = new DiscordEmbedMedia(assetUrl) };
                continue;
            }
            if (extra.Count >= DiscordLimits.EmbedsPerMessage - 1)
            {
                omitted++;
                continue;
            }
            if (asset.IsVideo)
            {
                var name = asset.FileName ?? asset.Caption ?? Uri.UnescapeDataString(new Uri(assetUrl).Segments[^1]);
                extra.Add(new DiscordEmbed(Title: NullIfEmpty(Clip(name.Trim(), DiscordLimits.Title)) ?? assetUrl[..Math.Min(assetUrl.Length, DiscordLimits.Title)], Url: assetUrl));
                continue;
            }
            var inGallery = card.Url is not null && galleryImages < DiscordLimits.GalleryImages;
            if (inGallery) galleryImages++;
            extra.Add(new DiscordEmbed(Url: inGallery ? card.Url : assetUrl, Image: new DiscordEmbedMedia(assetUrl)));
        }
        if (omitted > 0) card = card with { Footer = new DiscordEmbedFooter($"+{omitted} more") };
        return [card, .. extra];
    }

    /// <summary>Cuts text until the embeds total at most 6000 characters, in the documented order.</summary>
    private static List<DiscordEmbed> FitTotal(List<DiscordEmbed> embeds)
    {
        int Excess() => embeds.Sum(e => e.Characters) - DiscordLimits.EmbedTotal;

        var card = embeds[0];
        var fields = card.Fields?.ToList() ?? [];
        while (Excess() > 0 && fields.Count > 0)
        {
            var last = fields[^1];
            var keep = last.Value.Length - Excess();
            if (keep >= MinimumFieldValue) fields[^1] = last with { Value = Clip(last.Value, keep) };
            else fields.RemoveAt(fields.Count - 1);
            embeds[0] = card = card with { Fields = fields.ToList() };
        }
        if (Excess() > 0 && card.Description is { } description)
            embeds[0] = card = card with { Description = NullIfEmpty(Clip(description, description.Length - Excess())) };
        for (var i = embeds.Count - 1; i >= 1 && Excess() > 0; i--)
        {
            if (embeds[i].Title is not { } title) continue;
            embeds[i] = embeds[i] with { Title = NullIfEmpty(Clip(title, title.Length - Excess())) };
        }
        if (Excess() > 0 && card.Title is { } cardTitle)
            embeds[0] = card = card with { Title = NullIfEmpty(Clip(cardTitle, cardTitle.Length - Excess())) };
        return embeds;
    }

    private static string FieldText(string? text, int limit)
    {
        var escaped = MessageMarkup.ToDiscordMarkdown(MessageMarkup.Escape(text?.Trim())).Trim();
        return escaped.Length == 0 ? ZeroWidthSpace : Clip(escaped, limit);
    }

    /// <summary>
    /// At most <paramref name="limit"/> characters: longer text is cut, at a line break in its last
    /// fifth if there is one, never inside a surrogate pair, and ends in "…". Empty when the limit is below 1.
    /// </summary>
    public static string Clip(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= limit) return text;
        if (limit < 1) return "";
        var cut = limit - Ellipsis.Length;
        var lineBreak = cut > 0 ? text.LastIndexOf('\n', cut - 1) : -1;
        if (lineBreak >= cut - cut / 5 && lineBreak > 0) cut = lineBreak;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut].TrimEnd() + Ellipsis;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? WebUrl(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? value!.Trim() : null;
}
