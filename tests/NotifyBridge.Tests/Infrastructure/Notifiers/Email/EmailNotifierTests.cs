using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers.Email;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Tests.TestSupport.Fakes.Smtp;
using static NotifyBridge.Tests.Infrastructure.Notifiers.Email.EmailTestData;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Email;

/// <summary>The email notifier against a real SMTP server on loopback.</summary>
public sealed class EmailNotifierTests : IAsyncLifetime
{
    private const string User = "notify@example.org";
    private const string Password = "s3cret!";
    private FakeSmtpServer _smtp = null!;
    private OutboundNetworkPolicy _policy = OutboundNetworkPolicy.AllowPrivateNetworks;

    public async Task InitializeAsync() =>
        _smtp = await FakeSmtpServer.StartAsync(new FakeSmtpServerOptions { UserName = User, Password = Password });

    public async Task DisposeAsync() => await _smtp.DisposeAsync();

    private EmailNotifier Notifier(EmailNotifierOptions? options = null) => new(_ => ValueTask.FromResult(_policy), options);

    private EmailTargetSettings Settings(string? host = null, int? port = null, SmtpSecurity security = SmtpSecurity.None, string? user = User) => new(
        Host: host ?? _smtp.Host,
        Port: port ?? _smtp.Port,
        Security: security,
        UserName: user,
        From: "NotifyBridge <notify@example.org>",
        To: ["anna@example.org", "Ben Müller <ben@example.net>"]);

    [Fact]
    public async Task Send_ToTwoRecipients_DeliversOneMessageWithExactContent()
    {
        var result = await Notifier().SendAsync(Target(Settings(), Password), Message(), Attempt(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var mail = Assert.Single(_smtp.Messages);
        Assert.Equal(["anna@example.org", "ben@example.net"], mail.RcptTo);
        Assert.Equal("notify@example.org", mail.MailFrom);
        Assert.Equal(User, mail.AuthenticatedUser);

        var alternative = Assert.IsType<MultipartAlternative>(mail.Message.Body);
        Assert.Equal(2, alternative.Count);
        var text = Assert.IsType<TextPart>(alternative[0]);
        var html = Assert.IsType<TextPart>(alternative[1]);
        Assert.True(text.IsPlain);
        Assert.True(html.IsHtml);
        Assert.Equal("utf-8", text.ContentType.Charset, ignoreCase: true);

        GoldenFile.AssertMatches("Email/two-recipients.headers", Headers(mail.Message));
        GoldenFile.AssertMatches("Email/two-recipients.text", text.Text);
        GoldenFile.AssertMatches("Email/two-recipients.html", html.Text);
    }

    [Fact]
    public async Task Send_SameDeliveryTwice_CarriesTheSameMessageIdAndDeliveryHeader()
    {
        var notifier = Notifier();
        await notifier.SendAsync(Target(Settings(), Password), Message(), Attempt("d-1001-7f3a", 1), CancellationToken.None);
        await notifier.SendAsync(Target(Settings(), Password), Message(), Attempt("d-1001-7f3a", 2) with { Timestamp = Now.AddMinutes(1) }, CancellationToken.None);
        await notifier.SendAsync(Target(Settings(), Password), Message(), Attempt("d-1002-0b11", 1), CancellationToken.None);

        var messages = _smtp.Messages;
        Assert.Equal(3, messages.Count);
        Assert.Equal(messages[0].Message.MessageId, messages[1].Message.MessageId);
        Assert.Equal("d-1001-7f3a", messages[1].Message.Headers[EmailMessageBuilder.DeliveryHeader]);
        Assert.NotEqual(messages[0].Message.MessageId, messages[2].Message.MessageId);
    }

    [Fact]
    public async Task Send_WithWrongPassword_IsPermanentAuthenticationFailure()
    {
        var result = await Notifier().SendAsync(Target(Settings(), "wrong"), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.StartsWith("SMTP authentication failed: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("535", result.Error, StringComparison.Ordinal);
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public async Task Send_WithoutCredentials_ToAServerThatRequiresThem_IsPermanentAndSaysSo()
    {
        var result = await Notifier().SendAsync(Target(Settings(user: null)), Message(), Attempt(), CancellationToken.None);

        Assert.True(result.Outcome == DeliveryOutcome.Permanent, result.Error);
        Assert.Equal($"The SMTP server at 127.0.0.1:{_smtp.Port} requires authentication (authentication required); set a user name and password on the target.", result.Error);
    }

    [Fact]
    public async Task Send_WhenServerAnswers4xx_IsTransientWithTheServerReply()
    {
        _smtp.FailNext(1, 451, "4.3.0 Mail server temporarily rejected message");

        var result = await Notifier().SendAsync(Target(Settings(), Password), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal("451 4.3.0 Mail server temporarily rejected message", result.Error);
        Assert.Null(result.HttpStatus);
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public async Task Send_WhenServerAnswers5xx_IsPermanentWithTheServerReply()
    {
        _smtp.FailNext(1, 554, "5.7.1 Message rejected as spam");

        var result = await Notifier().SendAsync(Target(Settings(), Password), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal("554 5.7.1 Message rejected as spam", result.Error);
    }

    [Fact]
    public async Task Send_After4xxThenRetry_DeliversOnce()
    {
        _smtp.FailNext(2, 421, "4.7.0 Try again later");
        var notifier = Notifier();

        var outcomes = new List<DeliveryOutcome>();
        for (var attempt = 1; attempt <= 3; attempt++)
            outcomes.Add((await notifier.SendAsync(Target(Settings(), Password), Message(), Attempt(number: attempt), CancellationToken.None)).Outcome);

        Assert.Equal([DeliveryOutcome.Transient, DeliveryOutcome.Transient, DeliveryOutcome.Success], outcomes);
        Assert.Single(_smtp.Messages);
        Assert.Equal(2, _smtp.RejectedCount);
    }

    [Theory]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("0.0.0.0", "reserved")]
    public async Task Send_ToAnAddressThePolicyRefuses_IsPermanentAndNeverConnects(string host, string reason)
    {
        var result = await Notifier().SendAsync(Target(Settings(host: host, port: 25), Password), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("Refused to connect", result.Error, StringComparison.Ordinal);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Send_UnderPublicOnlyPolicy_ToLoopback_IsPermanentAndNeverConnects(string host)
    {
        _policy = OutboundNetworkPolicy.PublicOnly;

        var result = await Notifier().SendAsync(Target(Settings(host: host), Password), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("private network", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, _smtp.SessionCount);
    }

    [Fact]
    public async Task Send_ByHostName_ConnectsToTheCheckedAddress()
    {
        var result = await Notifier().SendAsync(Target(Settings(host: "localhost"), Password), Message(), Attempt(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Single(_smtp.Messages);
    }

    [Fact]
    public async Task Send_ToAClosedPort_IsNoResponse()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var result = await Notifier().SendAsync(Target(Settings(port: port), Password), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Null(result.HttpStatus);
        Assert.Contains($"127.0.0.1:{port}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ToAServerThatNeverGreets_TimesOutAsNoResponse()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = silent.AcceptSocketAsync();
        var notifier = Notifier(new EmailNotifierOptions { CommandTimeout = TimeSpan.FromMilliseconds(500), TotalTimeout = TimeSpan.FromSeconds(20) });

        var started = DateTime.UtcNow;
        var result = await notifier.SendAsync(Target(Settings(port: port), Password), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Contains("did not answer", result.Error, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "the command timeout, not the total one, should end it");
        (await accepted).Dispose();
    }

    [Fact]
    public async Task Send_WithInvalidSettings_IsPermanentWithoutConnecting()
    {
        var result = await Notifier().SendAsync(Target(Settings() with { To = [] }, Password), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal("The email target has no recipients.", result.Error);
        Assert.Equal(0, _smtp.SessionCount);
    }

    [Fact]
    public async Task Send_StartTlsRequired_ButNotOffered_IsPermanent()
    {
        var result = await Notifier().SendAsync(Target(Settings(security: SmtpSecurity.StartTls), Password), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("STARTTLS", result.Error, StringComparison.Ordinal);
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public void LaneFor_IsPerAccount_WithoutARate()
    {
        var lane = Notifier().LaneFor(Target(Settings(host: "SMTP.Example.org") with { From = "alerts@example.org" }));

        Assert.Equal("email:smtp.example.org:alerts@example.org", lane.Key);
        Assert.Null(lane.LaneRate);
        Assert.Null(lane.PoolKey);
    }

    /// <summary>The headers a recipient (or a de-duplicating mail system) sees, decoded.</summary>
    internal static string Headers(MimeMessage message)
    {
        var text = new StringBuilder();
        text.Append("From: ").Append(message.From).Append('\n');
        text.Append("To: ").Append(message.To).Append('\n');
        text.Append("Subject: ").Append(message.Subject).Append('\n');
        text.Append("Date: ").Append(message.Headers[HeaderId.Date]).Append('\n');
        text.Append("Message-Id: ").Append(message.Headers[HeaderId.MessageId]).Append('\n');
        text.Append(EmailMessageBuilder.DeliveryHeader).Append(": ").Append(message.Headers[EmailMessageBuilder.DeliveryHeader]).Append('\n');
        text.Append("MIME-Version: ").Append(message.Headers[HeaderId.MimeVersion]).Append('\n');
        text.Append("Content-Type: ").Append(message.Body!.ContentType.MimeType).Append('\n');
        foreach (var part in ((Multipart)message.Body).OfType<MimePart>())
            text.Append("  part: ").Append(part.ContentType.MimeType).Append("; charset=").Append(part.ContentType.Charset).Append('\n');
        return text.ToString();
    }
}
