using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers.Email;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Email;

/// <summary>What goes into the message, without a server.</summary>
public sealed class EmailContentTests
{
    [Theory]
    [InlineData("<b>x</b>", "<strong>x</strong>")]
    [InlineData("a\nb", "a<br>\nb")]
    [InlineData("<pre>a\nb</pre>", "a\nb</pre>")]
    [InlineData("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;")]
    [InlineData("5 &lt; 6 &amp; \"q\"", "5 &lt; 6 &amp; &quot;q&quot;")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "<span>x</span>")]
    [InlineData("<a href=\"https://e.org/?a=1&amp;b=2\">x</a>", "<a href=\"https://e.org/?a=1&amp;b=2\" style=\"color:#0969da;\">x</a>")]
    [InlineData("<b><i>unclosed", "<strong><em>unclosed</em></strong>")]
    [InlineData("<b>x</i>y</b>", "<strong>xy</strong>")]
    [InlineData("<tg-spoiler>hidden</tg-spoiler>", "<span>hidden</span>")]
    [InlineData("<blockquote>q</blockquote>\nnext\nline", "</blockquote>\nnext<br>\nline")]
    public void BodyToHtml_KeepsTheSubset_AndEscapesEverythingElse(string body, string expectedFragment)
    {
        Assert.Contains(expectedFragment, EmailHtml.BodyToHtml(body), StringComparison.Ordinal);
    }

    [Fact]
    public void Document_WithoutUrlOrAssets_HasNoButtonOrImages()
    {
        var html = EmailHtml.Document(EmailTestData.Message() with { Url = null, Assets = [] });

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Open</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "Öffnen")]
    [InlineData("de-AT", "Öffnen")]
    [InlineData("xx", "Open")]
    public void Document_ButtonLabel_FollowsTheLocale(string locale, string label)
    {
        Assert.Contains($">{label}</a>", EmailHtml.Document(EmailTestData.Message() with { Locale = locale }), StringComparison.Ordinal);
    }

    [Fact]
    public void PlainText_IsTheBodyThenTheLink()
    {
        var message = EmailTestData.Message() with { BodyHtml = "<b>Hi</b> <a href=\"https://x.org\">there</a>" };

        Assert.Equal("Hi there (https://x.org)\n\nhttps://photos.example.org/albums/42\n", EmailMessageBuilder.PlainText(message));
    }

    [Theory]
    [InlineData("d-1001-7f3a", "example.org", "nb.d-1001-7f3a@example.org")]
    [InlineData("d-1", null, "nb.d-1@notifybridge.invalid")]
    public void MessageIdFor_UsesASafeKeyAsIs(string key, string? domain, string expected)
    {
        Assert.Equal(expected, EmailMessageBuilder.MessageIdFor(key, domain));
    }

    [Theory]
    [InlineData("has space/and@at")]
    [InlineData("a..b")]
    public void MessageIdFor_HashesAnUnsafeKey_TheSameEveryTime(string key)
    {
        var id = EmailMessageBuilder.MessageIdFor(key, "example.org");

        Assert.Matches("^nb\\.[0-9a-f]{64}@example\\.org$", id);
        Assert.Equal(id, EmailMessageBuilder.MessageIdFor(key, "example.org"));
    }

    [Theory]
    [InlineData("", 587, "a@x.org", "The email target has no SMTP host.")]
    [InlineData("smtp.x.org", 0, "a@x.org", "SMTP port 0 is not between 1 and 65535.")]
    [InlineData("smtp.x.org", 587, "root", "The From address 'root' is not a valid email address.")]
    public void Validate_ExplainsBadSettings(string host, int port, string from, string expected)
    {
        Assert.Equal(expected, EmailMessageBuilder.Validate(new EmailTargetSettings(host, port, SmtpSecurity.StartTls, null, from, ["b@x.org"])));
    }

    [Fact]
    public void Validate_RejectsABadRecipient()
    {
        Assert.Equal("The recipient 'not an address' is not a valid email address.",
            EmailMessageBuilder.Validate(new EmailTargetSettings("smtp.x.org", 587, SmtpSecurity.StartTls, null, "a@x.org", ["b@x.org", "not an address"])));
    }

    [Fact]
    public void Build_DatesTheMessageWithTheAttempt()
    {
        var settings = new EmailTargetSettings("smtp.x.org", 587, SmtpSecurity.StartTls, null, "a@x.org", ["b@x.org"]);
        var mime = EmailMessageBuilder.Build(settings, EmailTestData.Message(), EmailTestData.Attempt());

        Assert.Equal(EmailTestData.Now, mime.Date);
        Assert.Equal("nb.d-1001-7f3a@x.org", mime.MessageId);
    }

    [Fact]
    public void Build_EmptyBody_StillMakesBothParts()
    {
        var settings = new EmailTargetSettings("smtp.x.org", 587, SmtpSecurity.StartTls, null, "a@x.org", ["b@x.org"]);
        var message = EmailTestData.Message() with { BodyHtml = "", Url = null, Assets = [] };

        var mime = EmailMessageBuilder.Build(settings, message, EmailTestData.Attempt());

        Assert.Equal("multipart/alternative", mime.Body!.ContentType.MimeType);
        Assert.Equal("\n", mime.TextBody);
    }

    [Fact]
    public void MessageMarkupEscape_IsUsedForAttributes()
    {
        // Quotes in a title must not break out of <title> or attributes.
        var html = EmailHtml.Document(EmailTestData.Message() with { Title = "a\"b'c<d>" });
        Assert.Contains("<title>a&quot;b&#39;c&lt;d&gt;</title>", html, StringComparison.Ordinal);
        Assert.Equal("a&quot;b", MessageMarkup.Escape("a\"b"));
    }
}
