using System.Security.Cryptography.X509Certificates;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers.Email;
using NotifyBridge.Tests.TestSupport.Fakes.Smtp;
using static NotifyBridge.Tests.Infrastructure.Notifiers.Email.EmailTestData;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Email;

/// <summary>
/// TLS through the policy-checked socket: MailKit still negotiates TLS against the configured
/// host name. The fake's certificate is self-signed, so the tests that expect success trust
/// exactly that certificate; with normal validation it is refused.
/// </summary>
public sealed class EmailTlsTests
{
    private static EmailNotifier Notifier(X509Certificate2? trusted) => new(
        _ => ValueTask.FromResult(OutboundNetworkPolicy.AllowPrivateNetworks),
        new EmailNotifierOptions
        {
            ServerCertificateValidation = trusted is null ? null : (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString(),
        });

    private static EmailTargetSettings Settings(FakeSmtpServer smtp, SmtpSecurity security) =>
        new("localhost", smtp.Port, security, null, "notify@example.org", ["anna@example.org"]);

    [Theory]
    [InlineData(FakeSmtpTls.StartTls, SmtpSecurity.StartTls)]
    [InlineData(FakeSmtpTls.StartTls, SmtpSecurity.Auto)]
    [InlineData(FakeSmtpTls.Implicit, SmtpSecurity.SslOnConnect)]
    public async Task Send_OverTls_WithTheServerCertificateTrusted_DeliversEncrypted(FakeSmtpTls tls, SmtpSecurity security)
    {
        await using var smtp = await FakeSmtpServer.StartAsync(new FakeSmtpServerOptions { Tls = tls });

        var result = await Notifier(smtp.Certificate).SendAsync(Target(Settings(smtp, security)), Message(), Attempt(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(Assert.Single(smtp.Messages).Secure);
    }

    [Fact]
    public async Task Send_OverTls_WithAnUntrustedCertificate_IsPermanentWithAClearMessage()
    {
        await using var smtp = await FakeSmtpServer.StartAsync(new FakeSmtpServerOptions { Tls = FakeSmtpTls.StartTls });

        var result = await Notifier(trusted: null).SendAsync(Target(Settings(smtp, SmtpSecurity.StartTls)), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.StartsWith($"TLS handshake with localhost:{smtp.Port} failed:", result.Error, StringComparison.Ordinal);
        Assert.Contains("self-signed certificate", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", result.Error, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Send_SslOnConnect_ToAPlainServer_FailsWithoutDelivering()
    {
        await using var smtp = await FakeSmtpServer.StartAsync();

        var result = await Notifier(trusted: null).SendAsync(Target(Settings(smtp, SmtpSecurity.SslOnConnect)), Message(), Attempt(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Empty(smtp.Messages);
    }
}
