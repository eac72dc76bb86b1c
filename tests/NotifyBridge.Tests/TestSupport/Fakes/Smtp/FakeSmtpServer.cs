using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpService = SmtpServer.SmtpServer;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace NotifyBridge.Tests.TestSupport.Fakes.Smtp;

/// <summary>How the fake server offers TLS.</summary>
public enum FakeSmtpTls
{
    /// <summary>Plain text only (MailKit Security None).</summary>
    None,
    /// <summary>Plain text that offers STARTTLS (MailKit StartTls or Auto).</summary>
    StartTls,
    /// <summary>TLS from the first byte (MailKit SslOnConnect, the port-465 style).</summary>
    Implicit,
}

public sealed record FakeSmtpServerOptions
{
    /// <summary>When set, AUTH PLAIN and LOGIN are offered (also without TLS) and only this user and password are accepted (535 otherwise).</summary>
    public string? UserName { get; init; }
    public string? Password { get; init; }

    /// <summary>With credentials set: MAIL FROM before AUTH is answered 530.</summary>
    public bool RequireAuthentication { get; init; } = true;

    public FakeSmtpTls Tls { get; init; } = FakeSmtpTls.None;
}

/// <summary>One message the server accepted.</summary>
/// <param name="MailFrom">The envelope sender (MAIL FROM).</param>
/// <param name="RcptTo">The envelope recipients (RCPT TO), in order.</param>
/// <param name="AuthenticatedUser">Who authenticated in that session; null without AUTH.</param>
/// <param name="Secure">Whether the session was encrypted (STARTTLS or implicit TLS) when the message arrived.</param>
public sealed record FakeSmtpMessage(
    MimeMessage Message,
    string MailFrom,
    IReadOnlyList<string> RcptTo,
    string? AuthenticatedUser,
    bool Secure,
    byte[] Raw);

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port, for notifier and
/// delivery tests. It keeps what it accepted (parsed with MimeKit), checks AUTH against one
/// configured account, can answer the next N messages with a scripted 4xx/5xx, and can offer
/// STARTTLS or implicit TLS with a self-signed certificate for "localhost" (clients must trust
/// <see cref="Certificate"/> explicitly). Independent of any test framework.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeSmtpMessage> _messages = new();
    private readonly ConcurrentQueue<SmtpResponse> _scripted = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private SmtpService _server = null!;
    private Task _running = Task.CompletedTask;
    private int _sessions;
    private int _rejected;

    private FakeSmtpServer(FakeSmtpServerOptions options)
    {
        Options = options;
        if (options.Tls != FakeSmtpTls.None) Certificate = CreateSelfSignedCertificate();
    }

    public FakeSmtpServerOptions Options { get; }

    public string Host => "127.0.0.1";
    public int Port { get; private set; }

    /// <summary>The server's self-signed certificate (CN and SAN localhost, SAN 127.0.0.1); null without TLS.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Accepted messages, oldest first.</summary>
    public IReadOnlyList<FakeSmtpMessage> Messages => _messages.ToArray();

    /// <summary>TCP sessions opened so far (to show a refused client never connected).</summary>
    public int SessionCount => Volatile.Read(ref _sessions);

    /// <summary>Messages that got a scripted failure instead of being stored.</summary>
    public int RejectedCount => Volatile.Read(ref _rejected);

    public static async Task<FakeSmtpServer> StartAsync(FakeSmtpServerOptions? options = null)
    {
        var fake = new FakeSmtpServer(options ?? new FakeSmtpServerOptions());
        await fake.StartCoreAsync().ConfigureAwait(false);
        return fake;
    }

    /// <summary>The next <paramref name="count"/> messages are answered with <paramref name="code"/> and <paramref name="text"/> after DATA, and not stored.</summary>
    public void FailNext(int count, int code, string text)
    {
        if (code is < 400 or > 599) throw new ArgumentOutOfRangeException(nameof(code), code, "Scripted failures are 4xx or 5xx.");
        for (var i = 0; i < count; i++) _scripted.Enqueue(new SmtpResponse((SmtpReplyCode)code, text));
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have been accepted in total.</summary>
    public async Task<IReadOnlyList<FakeSmtpMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (_messages.Count < count)
        {
            try
            {
                await _arrived.WaitAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} messages within {timeout}, got {_messages.Count}.");
            }
        }
        return Messages;
    }

    private async Task StartCoreAsync()
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var credentials = Options.UserName is not null;
        var builder = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
                    .IsSecure(Options.Tls == FakeSmtpTls.Implicit)
                    .AllowUnsecureAuthentication(credentials)
                    .AuthenticationRequired(credentials && Options.RequireAuthentication)
                    .SessionTimeout(TimeSpan.FromSeconds(30));
                if (Certificate is not null) endpoint.Certificate(Certificate);
            });

        var services = new SmtpServiceProvider();
        services.Add(listeners);
        services.Add(new Store(this));
        if (credentials)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) =>
                string.Equals(user, Options.UserName, StringComparison.Ordinal) && string.Equals(password, Options.Password, StringComparison.Ordinal)));
        }

        _server = new SmtpService(builder.Build(), services);
        _server.SessionCreated += (_, _) => Interlocked.Increment(ref _sessions);
        _running = _server.StartAsync(_stop.Token);

        var first = await Task.WhenAny(started.Task, _running, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        if (first != started.Task)
        {
            if (_running.IsFaulted) await _running.ConfigureAwait(false);
            throw new InvalidOperationException("The fake SMTP server did not start listening.");
        }
        Port = await started.Task.ConfigureAwait(false);
    }

    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server auth
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // Round-trip through PKCS#12 so SslStream can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }
        _stop.Dispose();
        _arrived.Dispose();
        Certificate?.Dispose();
    }

    private sealed class Store(FakeSmtpServer owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (owner._scripted.TryDequeue(out var failure))
            {
                Interlocked.Increment(ref owner._rejected);
                return Task.FromResult(failure);
            }

            var raw = buffer.ToArray();
            using var stream = new MemoryStream(raw);
            var message = MimeMessage.Load(stream, cancellationToken);
            owner._messages.Enqueue(new FakeSmtpMessage(
                message,
                transaction.From.AsAddress(),
                transaction.To.Select(to => to.AsAddress()).ToList(),
                context.Authentication.IsAuthenticated ? context.Authentication.User : null,
                context.Pipe.IsSecure,
                raw));
            owner._arrived.Release();
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
