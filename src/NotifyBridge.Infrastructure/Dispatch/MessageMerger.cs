using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Infrastructure.Dispatch;

/// <summary>
/// Several messages waiting for the same chat become one: each keeps its bold title line, in
/// order, separated by a blank line, as long as the result stays under the lane's text limit.
/// A chat that receives 30 events in a second gets two or three messages, not 30 queued for 30 s.
/// </summary>
public static class MessageMerger
{
    /// <summary>How many of <paramref name="messages"/> (from the first) fit into one merged message; at least one.</summary>
    public static int CountThatFit(IReadOnlyList<NotificationMessage> messages, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) return 0;
        // Messages with photos go alone: a media group cannot carry other messages' text.
        if (messages[0].Assets.Count > 0) return 1;
        var length = Section(messages[0]).Length;
        for (var i = 1; i < messages.Count; i++)
        {
            length += 2 + Section(messages[i]).Length;
            if (messages[i].Assets.Count > 0 || length > maxLength) return i;
        }
        return messages.Count;
    }

    public static NotificationMessage Merge(IReadOnlyList<NotificationMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 1) return messages[0];
        var first = messages[0];
        var body = first.BodyHtml + string.Concat(messages.Skip(1).Select(m => "\n\n" + Section(m)));
        return first with
        {
            BodyHtml = body,
            Url = messages.All(m => m.Url == first.Url) ? first.Url : null,
            Fields = [],
            Severity = messages.Max(m => m.Severity),
            EventIds = [.. messages.SelectMany(m => m.EventIds).Distinct()],
        };
    }

    private static string Section(NotificationMessage message)
    {
        var link = message.Url is { Length: > 0 } url && !message.BodyHtml.Contains(url, StringComparison.Ordinal)
            ? $"\n<a href=\"{MessageMarkup.Escape(url)}\">{MessageMarkup.Escape(url)}</a>"
            : "";
        return $"<b>{MessageMarkup.Escape(message.Title)}</b>\n{message.BodyHtml}{link}";
    }
}
