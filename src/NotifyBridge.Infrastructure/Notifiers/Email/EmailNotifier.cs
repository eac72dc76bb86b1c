using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Net;

namespace NotifyBridge.Infrastructure.Notifiers.Email;

/// <summary>
/// Sends a notification as one email through the target's SMTP account (MailKit).
/// MailKit does its own DNS and connect, which would bypass the "outbound" HttpClient's
/// network policy; so the socket is opened here by <see cref="PolicyCheckedSocket"/> (resolve
/// once, refuse link-local and, by policy, private addresses) and handed to MailKit, which
/// still negotiates TLS against the configured host name.
/// </summary>
public sealed partial class EmailNotifier(
    Func<CancellationToken, ValueTask<OutboundNetworkPolicy>> networkPolicy,
    EmailNotifierOptions? options = null) : INotifier
{
    private readonly EmailNotifierOptions _options = options ?? new EmailNotifierOptions();

    public TargetType Type => TargetType.Email;

    /// <summary>One lane per SMTP account: a provider's per-connection limits apply to the account, not to the recipients.</summary>
    public DeliveryLane LaneFor(NotifierTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Settings is EmailTargetSettings settings
            ? new DeliveryLane($"email:{settings.Host.Trim().ToLowerInvariant()}:{settings.From.Trim()}")
            : new DeliveryLane($"email:target:{target.Id}");
    }

    public async Task<SendResult> SendAsync(NotifierTarget target, NotificationMessage message, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(attempt);
        if (target.Settings is not EmailTargetSettings settings)
            return SendResult.Permanent($"Target {target.Id} has {target.Settings.GetType().Name}, not email settings.");
        if (EmailMessageBuilder.Validate(settings) is { } invalid)
            return SendResult.Permanent(invalid);

        var mime = EmailMessageBuilder.Build(settings, message, attempt);
        var endpoint = $"{settings.Host}:{settings.Port.ToString(CultureInfo.InvariantCulture)}";

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.TotalTimeout);
        using var client = new SmtpClient { Timeout = (int)_options.CommandTimeout.TotalMilliseconds };
        if (_options.ServerCertificateValidation is { } validate) client.ServerCertificateValidationCallback = validate;

        string response;
        try
        {
            var socket = await ConnectAsync(settings, deadline.Token).ConfigureAwait(false);
            try
            {
                await client.ConnectAsync(socket, settings.Host, settings.Port, SecurityOptions(settings.Security), deadline.Token).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            if (!string.IsNullOrEmpty(settings.UserName))
                await client.AuthenticateAsync(settings.UserName, target.Secrets.Password ?? "", deadline.Token).ConfigureAwait(false);
            response = await client.SendAsync(mime, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return Classify(ex, endpoint);
        }

        // The server has accepted the message. A failed QUIT must not turn that into a failure
        // (the retry would deliver it twice), so it is best effort.
        try
        {
            await client.DisconnectAsync(true, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
        }
        return SendResult.Success(httpStatus: null, receipt: response);
    }

    private async Task<Socket> ConnectAsync(EmailTargetSettings settings, CancellationToken cancellationToken)
    {
        var policy = await networkPolicy(cancellationToken).ConfigureAwait(false);
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(_options.ConnectTimeout);
        try
        {
            return await PolicyCheckedSocket.ConnectAsync(settings.Host, settings.Port, policy, connect.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectTimeoutException($"Connecting to {settings.Host}:{settings.Port} timed out after {_options.ConnectTimeout.TotalSeconds:0} s.");
        }
    }

    private static SecureSocketOptions SecurityOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    /// <summary>
    /// SMTP replies: 4xx "try again later" is transient, 5xx is a final no. The error is the
    /// server's reply line as sent ("550 5.1.1 No such user"). Everything that got no SMTP answer
    /// (refused connection, reset, timeout) is NoResponse; things a retry cannot fix (policy,
    /// credentials, TLS, missing server features) are permanent.
    /// </summary>
    private SendResult Classify(Exception error, string endpoint) => error switch
    {
        OutboundRequestRefusedException refused => SendResult.Permanent(refused.Message),
        SmtpCommandException command => SmtpReply((int)command.StatusCode, command.Message),
        AuthenticationException auth => SendResult.Permanent($"SMTP authentication failed: {auth.Message}"),
        SslHandshakeException tls => SendResult.Permanent(TlsFailure(tls, endpoint)),
        ServiceNotAuthenticatedException required => SendResult.Permanent(
            $"The SMTP server at {endpoint} requires authentication ({required.Message}); set a user name and password on the target."),
        NotSupportedException unsupported => SendResult.Permanent($"{endpoint}: {unsupported.Message}"),
        SmtpProtocolException protocol => SendResult.NoResponse($"SMTP protocol error from {endpoint}: {protocol.Message}"),
        ConnectTimeoutException connect => SendResult.NoResponse(connect.Message),
        TimeoutException => SendResult.NoResponse($"The SMTP server at {endpoint} did not answer within {_options.CommandTimeout.TotalSeconds:0} s."),
        OperationCanceledException => SendResult.NoResponse($"Sending through {endpoint} did not finish within {_options.TotalTimeout.TotalSeconds:0} s."),
        SocketException socket => SendResult.NoResponse($"Could not connect to {endpoint}: {socket.Message}"),
        IOException or ServiceNotConnectedException => SendResult.NoResponse($"The connection to {endpoint} failed: {error.Message}"),
        _ => SendResult.NoResponse($"Sending through {endpoint} failed: {error.Message}"),
    };

    internal static SendResult SmtpReply(int code, string text)
    {
        var outcome = code is >= 500 and <= 599 ? DeliveryOutcome.Permanent : DeliveryOutcome.Transient;
        return new SendResult(outcome, Error: $"{code.ToString(CultureInfo.InvariantCulture)} {text}".TrimEnd());
    }

    /// <summary>
    /// MailKit's handshake message is a page of generic advice; when it lists why the certificate
    /// was refused (self-signed, name mismatch, expired), that list is the useful part.
    /// </summary>
    private static string TlsFailure(SslHandshakeException tls, string endpoint)
    {
        var paragraphs = BlankLine().Split(tls.Message);
        var detail = paragraphs.FirstOrDefault(p => p.Contains("could not be validated", StringComparison.Ordinal)) is { } reasons
            ? LineBreaks().Replace(reasons.Trim(), " ")
            : tls.InnerException?.Message ?? paragraphs[0].Trim();
        return $"TLS handshake with {endpoint} failed: {detail.TrimEnd().TrimEnd('.')}. Check the Security setting " +
            "(SSL on connect is usually port 465, STARTTLS port 587) and that the server's certificate is valid for the host name.";
    }

    [GeneratedRegex(@"\r?\n\s*\r?\n")]
    private static partial Regex BlankLine();

    [GeneratedRegex(@"\s*\r?\n\s*")]
    private static partial Regex LineBreaks();

    private sealed class ConnectTimeoutException(string message) : TimeoutException(message);
}
