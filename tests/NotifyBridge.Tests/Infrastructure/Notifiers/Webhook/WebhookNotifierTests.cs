using System.Text;
using Microsoft.Extensions.Time.Testing;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Infrastructure.Net;
using NotifyBridge.Infrastructure.Notifiers.Webhook;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Tests.TestSupport.Fakes.WebhookReceiver;
using static NotifyBridge.Tests.Infrastructure.Notifiers.Webhook.WebhookTestData;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Webhook;

/// <summary>The outgoing webhook notifier against a real HTTP receiver on loopback.</summary>
public sealed class WebhookNotifierTests : IAsyncLifetime
{
    private readonly PolicyHttpClientFactory _http = new(TimeSpan.FromSeconds(5));
    private readonly FakeTimeProvider _time = new(Now);
    private FakeWebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FakeWebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _http.Dispose();
    }

    private WebhookNotifier Notifier() => new(_http, new LiquidJsonRenderer(), _time);

    private const string Template = """
        {
          "text": {{ message.title | json }},
          "album": "{{ payload.album.name }}",
          "actor": {{ payload.actor | json }},
          "count": {{ payload.count }},
          "files": [{% for asset in payload.assets %}{{ asset.file_name | json }}{% unless forloop.last %}, {% endunless %}{% endfor %}],
          "first_caption": {{ payload.assets[0].caption | json }},
          "provider": {{ payload.provider | json }},
          "public": {{ payload.public | json }},
          "ratio": {{ payload.ratio }},
          "missing": {{ payload.nothing_here | json }}
        }
        """;

    [Fact]
    public async Task Send_WithoutTemplate_PostsThePayloadSignedWithTheAttemptTimestamp()
    {
        var target = Target(_receiver.Url("/hooks/ha?src=nb"), headers: new Dictionary<string, string> { ["Authorization"] = "Bearer abc123" });

        var result = await Notifier().SendAsync(target, Message(), Attempt(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(200, result.HttpStatus);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(PayloadJson, request.BodyText);
        Assert.True(request.Verify(Secret, Now).IsValid, request.Verify(Secret, Now).Reason);
        Assert.Equal([OutboundHttp.ClientName], _http.RequestedNames);
        GoldenFile.AssertMatches("Webhook/default-body.request", Describe(request));
    }

    [Fact]
    public async Task Send_WithLiquidTemplate_PostsTheRenderedJson()
    {
        var result = await Notifier().SendAsync(Target(_receiver.Url("/hooks/slack"), template: Template), Message(), Attempt(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var request = Assert.Single(_receiver.Requests);
        Assert.True(_receiver.Verify(Secret));
        GoldenFile.AssertMatches("Webhook/liquid-template.request", Describe(request));
    }

    [Fact]
    public async Task Send_WithTemplateThatIsNotJson_IsPermanentAndSendsNothing()
    {
        var target = Target(_receiver.Url(), template: """{ "text": {{ payload.actor }} }""");

        var result = await Notifier().SendAsync(target, Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.StartsWith("The body template did not produce valid JSON:", result.Error, StringComparison.Ordinal);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task Send_WithTemplateThatDoesNotParse_IsPermanent()
    {
        var result = await Notifier().SendAsync(Target(_receiver.Url(), template: "{ {{ payload.x "), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.StartsWith("The body template does not parse:", result.Error, StringComparison.Ordinal);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task Signature_VerifiesOnlyWithTheRightSecretAndUntamperedBody()
    {
        await Notifier().SendAsync(Target(_receiver.Url()), Message(), Attempt(), CancellationToken.None);
        var request = Assert.Single(_receiver.Requests);

        Assert.True(_receiver.Verify(Secret));
        Assert.Matches("^sha256=[0-9a-f]{64}$", request.Header(WebhookSignature.SignatureHeader));
        Assert.False(request.Verify("another secret").IsValid);
        var tampered = request with { Body = Encoding.UTF8.GetBytes(request.BodyText.Replace("Anna", "Mallory", StringComparison.Ordinal)) };
        Assert.False(tampered.Verify(Secret).IsValid);
        var replayed = request with { Headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase) { [WebhookSignature.TimestampHeader] = "1773480999" } };
        Assert.False(replayed.Verify(Secret).IsValid);
        Assert.False(request.Verify(Secret, Now.AddHours(1)).IsValid);
    }

    [Fact]
    public async Task Send_WithoutSigningSecret_SendsNoSignatureButTheOtherHeaders()
    {
        await Notifier().SendAsync(Target(_receiver.Url(), secret: null), Message(), Attempt(), CancellationToken.None);

        var request = Assert.Single(_receiver.Requests);
        Assert.Null(request.Header(WebhookSignature.SignatureHeader));
        Assert.Equal("d-1001-7f3a", request.Header(WebhookSignature.DeliveryHeader));
        Assert.Equal("1773480413", request.Header(WebhookSignature.TimestampHeader));
    }

    [Fact]
    public async Task Retry_CarriesTheSameDeliveryHeader_AndANewSignedTimestamp()
    {
        _receiver.FailNext(1, 503);
        var notifier = Notifier();

        var first = await notifier.SendAsync(Target(_receiver.Url()), Message(), Attempt(1), CancellationToken.None);
        var second = await notifier.SendAsync(Target(_receiver.Url()), Message(), Attempt(2, Now.AddSeconds(30)), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, first.Outcome);
        Assert.True(second.Succeeded, second.Error);
        var requests = _receiver.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal("d-1001-7f3a", requests[0].Header(WebhookSignature.DeliveryHeader));
        Assert.Equal(requests[0].Header(WebhookSignature.DeliveryHeader), requests[1].Header(WebhookSignature.DeliveryHeader));
        Assert.Equal("1773480443", requests[1].Header(WebhookSignature.TimestampHeader));
        Assert.True(_receiver.Verify(Secret));
    }

    [Fact]
    public async Task CustomHeaders_CannotOverrideOurHeaders_ButOthersArrive()
    {
        var headers = new Dictionary<string, string>
        {
            ["X-NotifyBridge-Signature"] = "sha256=forged",
            ["x-notifybridge-delivery"] = "forged",
            ["X-NotifyBridge-Timestamp"] = "1",
            ["Host"] = "evil.example",
            ["Authorization"] = "Bearer abc123",
            ["X-Custom"] = "yes",
        };

        var result = await Notifier().SendAsync(Target(_receiver.Url(), headers: headers), Message(), Attempt(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var request = Assert.Single(_receiver.Requests);
        Assert.True(request.Verify(Secret, Now).IsValid);
        Assert.Equal("d-1001-7f3a", request.Header(WebhookSignature.DeliveryHeader));
        Assert.Equal("1773480413", request.Header(WebhookSignature.TimestampHeader));
        Assert.StartsWith("127.0.0.1:", request.Header("Host"), StringComparison.Ordinal);
        Assert.Equal("Bearer abc123", request.Header("Authorization"));
        Assert.Equal("yes", request.Header("X-Custom"));
    }

    [Fact]
    public async Task CustomHeader_WithALineBreak_IsPermanentAndSendsNothing()
    {
        var headers = new Dictionary<string, string> { ["X-Custom"] = "a\r\nX-Injected: 1" };

        var result = await Notifier().SendAsync(Target(_receiver.Url(), headers: headers), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal("The value of header 'X-Custom' contains a line break.", result.Error);
        Assert.Empty(_receiver.Requests);
    }

    [Theory]
    [InlineData(500, DeliveryOutcome.Transient)]
    [InlineData(503, DeliveryOutcome.Transient)]
    [InlineData(429, DeliveryOutcome.Transient)]
    [InlineData(408, DeliveryOutcome.Transient)]
    [InlineData(404, DeliveryOutcome.Permanent)]
    [InlineData(401, DeliveryOutcome.Permanent)]
    [InlineData(301, DeliveryOutcome.Permanent)]
    public async Task Send_ClassifiesTheStatus_AndQuotesTheResponse(int status, DeliveryOutcome expected)
    {
        _receiver.FailNext(1, status, body: $"receiver says {status}");

        var result = await Notifier().SendAsync(Target(_receiver.Url()), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(status, result.HttpStatus);
        Assert.StartsWith($"HTTP {status} ", result.Error, StringComparison.Ordinal);
        Assert.EndsWith($": receiver says {status}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_QuotesOnlyTheFirst200CharactersOfTheResponse()
    {
        _receiver.FailNext(1, 500, body: new string('x', 150) + new string('y', 150));

        var result = await Notifier().SendAsync(Target(_receiver.Url()), Message(), Attempt(), CancellationToken.None);

        Assert.Equal("HTTP 500 Internal Server Error: " + new string('x', 150) + new string('y', 50) + "…", result.Error);
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("Sat, 14 Mar 2026 09:28:53 GMT", 120)]
    [InlineData("86400", 3600)]
    public async Task Send_429_HonoursRetryAfter(string retryAfter, int expectedSeconds)
    {
        _receiver.FailNext(1, 429, body: "slow down", retryAfter: retryAfter);

        var result = await Notifier().SendAsync(Target(_receiver.Url()), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), result.RetryAfter);
    }

    [Fact]
    public async Task Send_500ThreeTimesThen200_SucceedsOnTheFourthAttempt()
    {
        _receiver.FailNext(3, 500);
        var notifier = Notifier();

        var outcomes = new List<DeliveryOutcome>();
        for (var attempt = 1; attempt <= 4; attempt++)
            outcomes.Add((await notifier.SendAsync(Target(_receiver.Url()), Message(), Attempt(attempt), CancellationToken.None)).Outcome);

        Assert.Equal([DeliveryOutcome.Transient, DeliveryOutcome.Transient, DeliveryOutcome.Transient, DeliveryOutcome.Success], outcomes);
        Assert.Equal(4, _receiver.Requests.Count);
        Assert.Single(_receiver.Requests.Select(r => r.Header(WebhookSignature.DeliveryHeader)).Distinct());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("patch")]
    [InlineData("POST")]
    public async Task Send_UsesTheConfiguredMethod(string method)
    {
        var result = await Notifier().SendAsync(Target(_receiver.Url(), method: method), Message(), Attempt(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(method.ToUpperInvariant(), Assert.Single(_receiver.Requests).Method);
    }

    [Fact]
    public async Task Send_WithUnsupportedMethod_IsPermanent()
    {
        var result = await Notifier().SendAsync(Target(_receiver.Url(), method: "DELETE"), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Empty(_receiver.Requests);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fe80::1]/hook")]
    public async Task Send_ToALinkLocalAddress_IsPermanent(string url)
    {
        var result = await Notifier().SendAsync(Target(new Uri(url)), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("link-local", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_UnderPublicOnlyPolicy_ToLoopback_IsPermanentAndNothingArrives()
    {
        _http.Policy = OutboundNetworkPolicy.PublicOnly;

        var result = await Notifier().SendAsync(Target(_receiver.Url()), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Empty(_receiver.Requests);
    }

    [Theory]
    [InlineData("ftp://example.org/hook")]
    [InlineData("/relative")]
    [InlineData("")]
    public async Task Send_WithABadUrl_IsPermanent(string url)
    {
        var target = Target(_receiver.Url()) with { Settings = new NotifyBridge.Domain.Targets.WebhookTargetSettings(url) };

        var result = await Notifier().SendAsync(target, Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
    }

    [Fact]
    public async Task Send_ToAClosedPort_IsNoResponse()
    {
        var port = _receiver.BaseUrl.Port;
        await _receiver.DisposeAsync();
        _receiver = await FakeWebhookReceiver.StartAsync();

        var result = await Notifier().SendAsync(Target(new Uri($"http://127.0.0.1:{port}/hook")), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Null(result.HttpStatus);
    }

    [Fact]
    public async Task Send_WhenTheReceiverIsTooSlow_IsNoResponse()
    {
        using var http = new PolicyHttpClientFactory(TimeSpan.FromMilliseconds(300));
        _receiver.Enqueue(new FakeWebhookResponse(200, Delay: TimeSpan.FromSeconds(5)));

        var result = await new WebhookNotifier(http, new LiquidJsonRenderer(), _time).SendAsync(Target(_receiver.Url()), Message(), Attempt(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Contains("did not answer", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WhenCancelled_Throws()
    {
        using var cancel = new CancellationTokenSource();
        _receiver.Enqueue(new FakeWebhookResponse(200, Delay: TimeSpan.FromSeconds(5)));
        var sending = Notifier().SendAsync(Target(_receiver.Url()), Message(), Attempt(), cancel.Token);
        await _receiver.WaitForRequestsAsync(1, TimeSpan.FromSeconds(5));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }

    [Fact]
    public void LaneFor_IsPerTarget_WithoutARate()
    {
        var lane = Notifier().LaneFor(Target(_receiver.Url()));

        Assert.Equal("webhook:12", lane.Key);
        Assert.Null(lane.LaneRate);
        Assert.Null(lane.PoolKey);
    }

    /// <summary>Method, path, the headers a receiver cares about (sorted), and the body as received.</summary>
    private static string Describe(FakeWebhookRequest request)
    {
        var text = new StringBuilder();
        text.Append(request.Method).Append(' ').Append(request.PathAndQuery).Append('\n');
        foreach (var name in new[] { "Authorization", "Content-Type", WebhookSignature.DeliveryHeader, WebhookSignature.SignatureHeader, WebhookSignature.TimestampHeader })
            if (request.Header(name) is { } value) text.Append(name).Append(": ").Append(value).Append('\n');
        text.Append('\n').Append(request.BodyText).Append('\n');
        return text.ToString();
    }
}
