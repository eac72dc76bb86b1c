using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NotifyBridge.Tests.TestSupport.Fakes.WebhookReceiver;

/// <summary>A scripted answer: status, optional body and Retry-After, optional delay before answering.</summary>
public sealed record FakeWebhookResponse(int Status, string? Body = null, string? RetryAfter = null, TimeSpan? Delay = null);

/// <summary>
/// A webhook receiver on 127.0.0.1 (Kestrel): records every request (method, path, headers,
/// raw body), answers 200 unless told otherwise (<see cref="FailNext"/>, <see cref="Enqueue"/>),
/// and verifies NotifyBridge signatures the way a receiver following
/// docs/webhook-signatures.md would (<see cref="FakeWebhookRequest.Verify"/>). Any path is
/// accepted; <see cref="Url"/> gives one. Independent of any test framework.
/// </summary>
public sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeWebhookRequest> _requests = new();
    private readonly ConcurrentQueue<FakeWebhookResponse> _script = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private WebApplication _app = null!;

    private FakeWebhookReceiver()
    {
    }

    /// <summary>"http://127.0.0.1:{port}/" (with the trailing slash).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests received, oldest first (including those answered with a scripted failure).</summary>
    public IReadOnlyList<FakeWebhookRequest> Requests => _requests.ToArray();

    /// <summary>The answer given when nothing is scripted.</summary>
    public FakeWebhookResponse DefaultResponse { get; set; } = new(200, "ok");

    public static async Task<FakeWebhookReceiver> StartAsync()
    {
        var receiver = new FakeWebhookReceiver();
        await receiver.StartCoreAsync().ConfigureAwait(false);
        return receiver;
    }

    /// <summary>An absolute URL on this receiver, e.g. Url("/hooks/a").</summary>
    public Uri Url(string path = "/hook") => new(BaseUrl, path.TrimStart('/'));

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (e.g. FailNext(3, 500)).</summary>
    public void FailNext(int count, int status, string? body = null, string? retryAfter = null)
    {
        for (var i = 0; i < count; i++) _script.Enqueue(new FakeWebhookResponse(status, body ?? $"scripted {status}", retryAfter));
    }

    /// <summary>The next request gets exactly this answer (after those already scripted).</summary>
    public void Enqueue(FakeWebhookResponse response) => _script.Enqueue(response);

    /// <summary>True when at least one request arrived and every request's signature verifies with <paramref name="secret"/>.</summary>
    public bool Verify(string secret)
    {
        var requests = Requests;
        return requests.Count > 0 && requests.All(r => r.Verify(secret).IsValid);
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived in total.</summary>
    public async Task<IReadOnlyList<FakeWebhookRequest>> WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (_requests.Count < count)
        {
            try
            {
                await _arrived.WaitAsync(cancel.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} webhook requests within {timeout}, got {_requests.Count}.");
            }
        }
        return Requests;
    }

    private async Task StartCoreAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync().ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new FakeWebhookRequest(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            headers,
            body.ToArray(),
            DateTimeOffset.UtcNow));
        _arrived.Release();

        var answer = _script.TryDequeue(out var scripted) ? scripted : DefaultResponse;
        if (answer.Delay is { } delay) await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null) context.Response.Headers.RetryAfter = answer.RetryAfter;
        if (answer.Body is not null)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _arrived.Dispose();
    }
}

/// <summary>What a receiver concluded about a request's signature.</summary>
public sealed record SignatureVerdict(bool IsValid, string Reason)
{
    public override string ToString() => IsValid ? "valid" : Reason;
}

/// <summary>One request as the receiver saw it. Header names are case-insensitive.</summary>
public sealed record FakeWebhookRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    DateTimeOffset ReceivedAt)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Checks X-NotifyBridge-Signature like a careful receiver: both headers present, timestamp
    /// an integer, within <paramref name="tolerance"/> of <paramref name="now"/> when given,
    /// and "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + raw body) equal in constant time.
    /// Written from the documented scheme, not by calling NotifyBridge's code.
    /// </summary>
    public SignatureVerdict Verify(string secret, DateTimeOffset? now = null, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var timestamp = Header("X-NotifyBridge-Timestamp");
        var signature = Header("X-NotifyBridge-Signature");
        if (timestamp is null) return new SignatureVerdict(false, "no X-NotifyBridge-Timestamp header");
        if (signature is null) return new SignatureVerdict(false, "no X-NotifyBridge-Signature header");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return new SignatureVerdict(false, $"timestamp '{timestamp}' is not a number");
        if (now is { } clock && Math.Abs((clock - DateTimeOffset.FromUnixTimeSeconds(seconds)).TotalSeconds) > (tolerance ?? TimeSpan.FromMinutes(5)).TotalSeconds)
            return new SignatureVerdict(false, $"timestamp {seconds} is too far from {clock:O}");
        if (!signature.StartsWith("sha256=", StringComparison.Ordinal))
            return new SignatureVerdict(false, $"signature '{signature}' does not start with sha256=");

        var signed = System.Text.Encoding.ASCII.GetBytes(timestamp + ".").Concat(Body).ToArray();
        var expected = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), signed);
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature["sha256=".Length..]);
        }
        catch (FormatException)
        {
            return new SignatureVerdict(false, "signature is not hex");
        }
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, given)
            ? new SignatureVerdict(true, "valid")
            : new SignatureVerdict(false, "signature does not match the body and timestamp");
    }
}
