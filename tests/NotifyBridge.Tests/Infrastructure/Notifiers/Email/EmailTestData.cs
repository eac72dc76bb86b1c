using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Email;

/// <summary>A message that exercises escaping, the markup subset, assets and a link.</summary>
internal static class EmailTestData
{
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    public static NotificationMessage Message() => new()
    {
        EventType = "asset.uploaded",
        Severity = EventSeverity.Normal,
        Locale = "en",
        Title = "Anna added 3 photos to <Trip> & \"Friends\" – Zürich",
        BodyHtml = "<b>Anna</b> added 3 photos to <a href=\"https://photos.example.org/albums/42?x=1&amp;y=2\">Trip &amp; Friends</a>.\n"
            + "Camera: <code>X-T5</code>\n"
            + "<blockquote>Sunset at the lake</blockquote>\n"
            + "<pre>line 1\nline 2 &lt;raw&gt;</pre>\n"
            + "Not markup: <script>alert(1)</script> <a href=\"javascript:alert(1)\">bad link</a>",
        Url = "https://photos.example.org/albums/42",
        Assets =
        [
            new MessageAsset("https://photos.example.org/api/assets/1/thumbnail", "IMG_0001.jpg", "Lake \"at\" dusk"),
            new MessageAsset("https://photos.example.org/api/assets/2/thumbnail", "IMG_0002.jpg"),
            new MessageAsset("https://photos.example.org/api/assets/3/video", "VID_0003.mp4", IsVideo: true),
        ],
        PayloadJson = "{}",
        EventIds = [7],
    };

    public static DeliveryAttempt Attempt(string key = "d-1001-7f3a", int number = 1) => new(1001, key, number, Now);

    public static NotifierTarget Target(EmailTargetSettings settings, string? password = null) =>
        new(5, "Family mail", TargetType.Email, settings, new TargetSecrets(Password: password));
}
