using System.Net;
using System.Text.Json.Nodes;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Infrastructure.Notifiers.Matrix;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Matrix;

/// <summary>Homeserver answers (Fixtures/matrix, from the spec and Synapse) read into SendResults.</summary>
public sealed class MatrixResponseTests
{
    private static readonly DateTimeOffset Now = NotifierSamples.Now;

    private static JsonNode Example(string file, string? key = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "matrix", file)))!;
        return key is null ? root : root[key]!;
    }

    [Fact]
    public void Read_200_SucceedsWithTheEventId()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        var result = MatrixResponse.Read(200, "OK", response.Headers, Example("send.200.json")["body"]!.ToJsonString(), Now);
        Assert.True(result.Succeeded);
        Assert.Equal("$YUwRidLecu:example.com", result.Receipt);
    }

    [Theory]
    [InlineData("missing_token_401", "M_MISSING_TOKEN: Missing access token", DeliveryOutcome.Permanent)]
    [InlineData("unknown_token_401", "M_UNKNOWN_TOKEN: Unrecognised access token", DeliveryOutcome.Permanent)]
    [InlineData("not_in_room_403", "M_FORBIDDEN: User @notifybridge:example.com not in room !636q39766251:example.com", DeliveryOutcome.Permanent)]
    [InlineData("bad_json_400", "M_BAD_JSON: <human readable>", DeliveryOutcome.Permanent)]
    [InlineData("unrecognized_404", "M_UNRECOGNIZED: Unrecognized request", DeliveryOutcome.Permanent)]
    [InlineData("rate_limited_429", "M_LIMIT_EXCEEDED: Too Many Requests", DeliveryOutcome.Transient)]
    public void Read_Errors_KeepTheErrcodeAndText(string example, string expected, DeliveryOutcome outcome)
    {
        var node = Example("errors.json", example);
        var status = node["status"]!.GetValue<int>();
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (node["headers"]?["Retry-After"] is { } retryAfter) response.Headers.TryAddWithoutValidation("Retry-After", retryAfter.GetValue<string>());
        var result = MatrixResponse.Read(status, null, response.Headers, node["body"]!.ToJsonString(), Now);
        Assert.Equal(expected, result.Error);
        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(status, result.HttpStatus);
    }

    [Theory]
    [InlineData(1500L, "2", 2000)]
    [InlineData(2500L, "2", 2500)]
    [InlineData(750L, null, 750)]
    [InlineData(null, "3", 3000)]
    public void Read_LimitExceeded_WaitsTheLongerOfRetryAfterMsAndTheHeader(long? retryAfterMs, string? header, int expectedMs)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        if (header is not null) response.Headers.TryAddWithoutValidation("Retry-After", header);
        var body = new JsonObject { ["errcode"] = "M_LIMIT_EXCEEDED", ["error"] = "Too Many Requests" };
        if (retryAfterMs is { } ms) body["retry_after_ms"] = ms;
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), MatrixResponse.Read(429, null, response.Headers, body.ToJsonString(), Now).RetryAfter);
    }

    [Fact]
    public void Read_LimitExceededWithoutAnyHint_HasNoWait()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        var result = MatrixResponse.Read(429, null, response.Headers, """{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests"}""", Now);
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Null(result.RetryAfter);
    }

    [Theory]
    [InlineData(502, "Bad Gateway", "<html>nginx</html>", "HTTP 502 Bad Gateway: <html>nginx</html>", DeliveryOutcome.Transient)]
    [InlineData(500, "Internal Server Error", "", "HTTP 500 Internal Server Error", DeliveryOutcome.Transient)]
    [InlineData(404, "Not Found", "{\"error\":\"no errcode\"}", "HTTP 404 Not Found: {\"error\":\"no errcode\"}", DeliveryOutcome.Permanent)]
    public void Read_NonMatrixAnswers_DescribeTheHttpStatus(int status, string reason, string body, string expected, DeliveryOutcome outcome)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        var result = MatrixResponse.Read(status, reason, response.Headers, body, Now);
        Assert.Equal(expected, result.Error);
        Assert.Equal(outcome, result.Outcome);
    }
}
