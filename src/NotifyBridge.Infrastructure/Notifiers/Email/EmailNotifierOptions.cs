using System.Net.Security;
using NotifyBridge.Infrastructure.Net;

namespace NotifyBridge.Infrastructure.Notifiers.Email;

/// <summary>Time limits of one SMTP send. The defaults match the outbound HTTP client's.</summary>
public sealed class EmailNotifierOptions
{
    /// <summary>DNS plus TCP connect.</summary>
    public TimeSpan ConnectTimeout { get; init; } = OutboundHttp.ConnectTimeout;

    /// <summary>Each SMTP command's wait for the server (MailKit's <c>SmtpClient.Timeout</c>).</summary>
    public TimeSpan CommandTimeout { get; init; } = OutboundHttp.RequestTimeout;

    /// <summary>The whole conversation, connect to QUIT: a server that trickles answers cannot hold a worker for long.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Replaces certificate validation. Only tests set it, to trust exactly the fake server's
    /// self-signed certificate; null keeps MailKit's validation (trust store + host name).
    /// </summary>
    internal RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }
}
