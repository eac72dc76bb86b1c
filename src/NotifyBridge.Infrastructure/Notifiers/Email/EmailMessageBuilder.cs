using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;

namespace NotifyBridge.Infrastructure.Notifiers.Email;

/// <summary>
/// Builds the MIME message for one attempt: subject = title, multipart/alternative with a plain
/// text part and an HTML part, every recipient in To. The Message-Id and
/// <see cref="DeliveryHeader"/> come from the delivery's idempotency key, so an attempt that is
/// resent after a crash carries the same Message-Id and a receiving system can drop the copy.
/// </summary>
public static partial class EmailMessageBuilder
{
    public const string DeliveryHeader = "X-NotifyBridge-Delivery";

    /// <summary>What is wrong with the settings, or null when a message can be built from them.</summary>
    public static string? Validate(EmailTargetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Host)) return "The email target has no SMTP host.";
        if (settings.Port is < 1 or > 65535) return $"SMTP port {settings.Port} is not between 1 and 65535.";
        if (!IsAddress(settings.From)) return $"The From address '{settings.From}' is not a valid email address.";
        if (settings.Recipients.Count == 0) return "The email target has no recipients.";
        foreach (var to in settings.Recipients)
            if (!IsAddress(to)) return $"The recipient '{to}' is not a valid email address.";
        return null;
    }

    /// <summary>One mailbox with a domain ("a@example.org" or "Name &lt;a@example.org&gt;"); MimeKit alone also accepts a bare "root".</summary>
    private static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value) && MailboxAddress.TryParse(value, out var address) && !string.IsNullOrEmpty(address.Domain);

    /// <summary>Builds the message; call <see cref="Validate"/> first.</summary>
    public static MimeMessage Build(EmailTargetSettings settings, NotificationMessage message, DeliveryAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(attempt);

        var from = MailboxAddress.Parse(settings.From);
        var mime = new MimeMessage
        {
            Subject = message.Title,
            // The attempt's time, not "now": the same attempt renders the same message.
            Date = attempt.Timestamp,
            MessageId = MessageIdFor(attempt.IdempotencyKey, from.Domain),
        };
        mime.From.Add(from);
        foreach (var to in settings.Recipients) mime.To.Add(MailboxAddress.Parse(to));
        mime.Headers.Add(DeliveryHeader, attempt.IdempotencyKey);

        mime.Body = new BodyBuilder
        {
            TextBody = PlainText(message),
            HtmlBody = EmailHtml.Document(message),
        }.ToMessageBody();
        return mime;
    }

    /// <summary>The text/plain part: the body as plain text, then the link.</summary>
    public static string PlainText(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = new StringBuilder(MessageMarkup.ToPlainText(message.BodyHtml).TrimEnd());
        if (!string.IsNullOrWhiteSpace(message.Url))
        {
            if (text.Length > 0) text.Append("\n\n");
            text.Append(message.Url);
        }
        return text.Append('\n').ToString();
    }

    /// <summary>
    /// "nb.{key}@{domain}" (without angle brackets, as MimeKit stores it). A key that is not a
    /// valid dot-atom (RFC 5322) is replaced by its SHA-256, still the same for every attempt.
    /// </summary>
    public static string MessageIdFor(string idempotencyKey, string? fromDomain)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var local = idempotencyKey.Length <= 56 && DotAtom().IsMatch(idempotencyKey)
            ? idempotencyKey
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
        var domain = string.IsNullOrWhiteSpace(fromDomain) || !DotAtom().IsMatch(fromDomain) ? "notifybridge.invalid" : fromDomain;
        return $"nb.{local}@{domain}";
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DotAtom();
}
