using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Tests.Infrastructure.Notifiers;

/// <summary>Messages the notifier tests send: one representative, and builders for limit tests.</summary>
public static class NotifierSamples
{
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    /// <summary>
    /// Title, HTML body with hostile characters (markup, mentions, entities, code, quote, spoiler),
    /// fields with Markdown characters, a URL, and three assets (two photos, one video).
    /// </summary>
    public static NotificationMessage Representative() => new()
    {
        EventType = "gitea.push",
        Severity = EventSeverity.High,
        Locale = "en",
        Title = "[org/repo] 2 new commits on main <script> & \"quotes\" @everyone",
        BodyHtml = string.Join('\n',
            "<b>alice</b> pushed to <a href=\"https://git.example.com/org/repo/src/branch/main\">main</a>:",
            "<a href=\"https://git.example.com/org/repo/commit/4522cbc\">4522cbc</a> Fix *stars* &amp; _under_scores_ ~~x~~ `tick` &lt;@123&gt; @everyone @here @room",
            "# not a heading",
            "<blockquote>Quoted &lt;b&gt;not bold&lt;/b&gt;\n- not a list</blockquote>",
            "<pre><code class=\"language-sh\">rm -rf `tmp` &lt;x&gt; &amp;&amp; echo **done**</code></pre>",
            "<i>ünïcødé ✓ 🎉</i> <tg-spoiler>secret</tg-spoiler> <s>old</s> <u>new</u> <unknown>tag</unknown> 1 < 2"),
        Url = "https://git.example.com/org/repo/compare/9836a96...4522cbc",
        Fields =
        [
            new MessageField("Repository", "org/repo"),
            new MessageField("Branch", "feature_*x*|y"),
            new MessageField("Commits", "2"),
            new MessageField("Pusher <alice>", "alice & bob", Inline: false),
        ],
        Assets =
        [
            new MessageAsset("https://photos.example.com/api/assets/1/thumbnail.jpg", "IMG_0001.jpg", "Beach"),
            new MessageAsset("https://photos.example.com/api/assets/2/thumbnail.jpg", "IMG_0002.jpg"),
            new MessageAsset("https://photos.example.com/api/assets/3/video.mp4", "VID_0003.mp4", IsVideo: true),
        ],
        EventIds = [41, 42],
    };

    public static NotificationMessage Plain(string title = "Title", string bodyHtml = "Body") => new()
    {
        EventType = "generic",
        Locale = "en",
        Title = title,
        BodyHtml = bodyHtml,
    };

    public static DeliveryAttempt Attempt(int number = 1, string key = "nbd-7f3c2a9e-0001") => new(7, key, number, Now);
}
