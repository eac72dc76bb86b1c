using Fluid;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>
/// Renders one subject with one parsed template into a <see cref="NotificationMessage"/>: the
/// model, the sandboxed render, the HTML clean-up, the title rule and the non-template parts.
/// No caching and no template lookup (that is <see cref="FluidMessageRenderer"/>'s job), so the
/// template service can test-render a template before it is saved.
/// </summary>
/// <remarks>
/// Title rule: the plain text of the <c>title</c> variable the template sets
/// (<c>{% capture title %}…{% endcapture %}</c> or <c>{% assign title = … %}</c>), on one line,
/// at most 256 characters; when the template sets none, the first line of the body's text.
/// </remarks>
public sealed class MessageComposer(LiquidSandbox sandbox, TimeProvider timeProvider)
{
    /// <param name="headlines">Batch events' one-line titles by event id; missing ones use the stored title.</param>
    public async Task<NotificationMessage> ComposeAsync(RenderSubject subject, IFluidTemplate template, LinkDisplayOptions options, string locale,
        TimeZoneInfo zone, IReadOnlyDictionary<long, string>? headlines = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(options);
        var culture = TemplateLocales.Culture(locale);
        switch (subject)
        {
            case RenderSubject.SingleEvent { Event: var entry }:
                return await SingleAsync(entry, [entry.Id], entry.EventType, template, options, locale, zone).ConfigureAwait(false);

            case RenderSubject.Batch batch when TemplateNames.IsSingle(batch):
                return await SingleAsync(batch.Events[0], [batch.Events[0].Id], batch.Events[0].EventType, template, options, locale, zone).ConfigureAwait(false);

            case RenderSubject.Batch { Row: var row, Events: var events }:
            {
                string Headline(EventLogEntry e) => headlines?.GetValueOrDefault(e.Id) ?? e.Title;
                var model = TemplateModel.ForBatch(row, events, Headline, options, locale, zone);
                // A digest mixes events: no single link, no photos of one of them.
                var digest = row.Kind == DeferredDispatchKind.Digest;
                var text = Finish(await sandbox.RenderAsync(template, model, culture, zone).ConfigureAwait(false),
                    digest ? null : events.LastOrDefault(e => e.Url is not null)?.Url, TemplateNames.TypeName(row.EventType, locale));
                var actor = TemplateModel.BatchActor(row, events);
                var several = row.SeveralActors ? TemplateModel.ActorCount(row, events) : (int?)null;
                return new NotificationMessage
                {
                    EventType = row.EventType,
                    Severity = events.Count == 0 ? EventSeverity.Normal : events.Max(e => e.Severity),
                    Locale = locale,
                    Title = text.Title,
                    BodyHtml = text.Html,
                    Url = text.Url,
                    Assets = digest ? [] : MessageParts.Assets(events, options),
                    Fields = MessageParts.Fields(actor, row.CollectionName, locale, Math.Max(row.EventCount, events.Count), several),
                    PayloadJson = MessageParts.BatchPayload(row, events, locale, text),
                    EventIds = [.. events.Select(e => e.Id)],
                };
            }

            case RenderSubject.Test { TargetName: var target }:
            {
                var now = timeProvider.GetUtcNow();
                var model = TemplateModel.ForTest(target, now, options, locale, zone);
                var text = Finish(await sandbox.RenderAsync(template, model, culture, zone).ConfigureAwait(false), null, "NotifyBridge");
                return new NotificationMessage
                {
                    EventType = TemplateNames.Test,
                    Locale = locale,
                    Title = text.Title,
                    BodyHtml = text.Html,
                    PayloadJson = MessageParts.TestPayload(target, now, locale, text),
                };
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(subject));
        }
    }

    private async Task<NotificationMessage> SingleAsync(EventLogEntry entry, long[] ids, string eventType, IFluidTemplate template,
        LinkDisplayOptions options, string locale, TimeZoneInfo zone)
    {
        var model = TemplateModel.ForEvent(entry, options, locale, zone);
        var text = Finish(await sandbox.RenderAsync(template, model, TemplateLocales.Culture(locale), zone).ConfigureAwait(false),
            entry.Url, TemplateNames.TypeName(eventType, locale));
        return new NotificationMessage
        {
            EventType = eventType,
            Severity = entry.Severity,
            Locale = locale,
            Title = text.Title,
            BodyHtml = text.Html,
            Url = text.Url,
            Assets = MessageParts.Assets([entry], options),
            Fields = MessageParts.Fields(entry.Actor, entry.CollectionName, locale),
            PayloadJson = MessageParts.EventPayload(entry, locale, text),
            EventIds = ids,
        };
    }

    /// <summary>Body cleaned into the subset and tidied; title by the rule in the remarks.</summary>
    private static RenderedText Finish(RawRender raw, string? url, string fallbackTitle)
    {
        var body = raw.Truncated ? HtmlSubset.CutAtLine(raw.Body, TemplateLimits.MaxOutputLength - 2) : raw.Body;
        var html = HtmlSubset.TidyWhitespace(HtmlSubset.Sanitize(body));
        var text = MessageMarkup.ToPlainText(html);
        var title = OneLine(raw.Title is null ? null : MessageMarkup.ToPlainText(HtmlSubset.Sanitize(raw.Title)));
        if (title.Length == 0) title = OneLine(text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0));
        if (title.Length == 0) title = fallbackTitle;
        return new RenderedText(title, html, text, url);
    }

    private static string OneLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var line = string.Join(' ', text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= TemplateLimits.MaxTitleLength ? line : line[..(TemplateLimits.MaxTitleLength - 1)].TrimEnd() + "…";
    }
}
