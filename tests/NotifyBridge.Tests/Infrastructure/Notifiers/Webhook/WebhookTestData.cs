using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Webhook;

internal static class WebhookTestData
{
    public const string Secret = "whsec_0123456789abcdef";

    public static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    /// <summary>A payload with the characters that break hand-made JSON: quotes, backslashes, newlines, non-ASCII, HTML.</summary>
    public const string PayloadJson = """
        {"event":{"id":7,"type":"asset.uploaded","severity":"normal","occurred_at":"2026-03-14T09:26:50Z"},"provider":{"name":"Immich \"home\"","kind":"immich"},"actor":"Anna Müller","album":{"name":"Trip <2026> & Friends","url":"https://photos.example.org/albums/42"},"assets":[{"id":"a1","file_name":"IMG_0001.jpg","caption":"Lake \\ dusk\nsecond line"},{"id":"a2","file_name":"IMG_0002.jpg","caption":null}],"count":2,"ratio":0.75,"public":false}
        """;

    public static NotificationMessage Message() => new()
    {
        EventType = "asset.uploaded",
        Severity = EventSeverity.Normal,
        Locale = "en",
        Title = "Anna added 2 photos to Trip",
        BodyHtml = "<b>Anna</b> added 2 photos to <a href=\"https://photos.example.org/albums/42\">Trip</a>",
        Url = "https://photos.example.org/albums/42",
        PayloadJson = PayloadJson,
        EventIds = [7],
    };

    public static DeliveryAttempt Attempt(int number = 1, DateTimeOffset? at = null) => new(1001, "d-1001-7f3a", number, at ?? Now);

    public static NotifierTarget Target(Uri url, string method = "POST", string? template = null, string? secret = Secret, IReadOnlyDictionary<string, string>? headers = null) =>
        new(12, "Home Assistant", TargetType.Webhook, new WebhookTargetSettings(url.ToString(), method, template), new TargetSecrets(SigningSecret: secret, Headers: headers));
}
