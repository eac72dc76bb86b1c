using System.Net;
using System.Text.Json.Nodes;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Notifiers.Discord;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Discord;

/// <summary>Discord's answers (the verbatim docs examples in Fixtures/discord) read into SendResults.</summary>
public sealed class DiscordResponseTests
{
    private static readonly DateTimeOffset Now = NotifierSamples.Now;

    private static (int Status, HttpResponseMessage Response, string Body) Fixture(string file, string? key = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "discord", file)))!;
        var example = key is null ? root : root[key]!;
        var status = example["status"]!.GetValue<int>();
        var response = new HttpResponseMessage((HttpStatusCode)status);
        if (example["headers"] is JsonObject headers)
            foreach (var (name, value) in headers)
                if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) response.Headers.TryAddWithoutValidation(name, value!.GetValue<string>());
        return (status, response, example["body"]?.ToJsonString() ?? "");
    }

    private static SendResult Read(string file, string? key = null)
    {
        var (status, response, body) = Fixture(file, key);
        using (response) return DiscordResponse.Read(status, response.ReasonPhrase, response.Headers, body, Now);
    }

    [Fact]
    public void Read_WaitTrue200_SucceedsWithMessageIdAndBucketState()
    {
        var result = Read("execute_webhook.wait_true.200.json");
        Assert.Equal(DeliveryOutcome.Success, result.Outcome);
        Assert.Equal("1300000000000000501", result.Receipt);
        Assert.Equal(new RateLimitState(4, TimeSpan.FromSeconds(1)), result.RateLimit);
    }

    [Fact]
    public void Read_204_SucceedsWithoutReceipt()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.NoContent);
        var result = DiscordResponse.Read(204, "No Content", response.Headers, "", Now);
        Assert.True(result.Succeeded);
        Assert.Null(result.Receipt);
        Assert.Null(result.RateLimit);
    }

    [Fact]
    public void Read_UserRateLimit_WaitsTheLongerOfBodyAndHeader_AndReportsTheEmptyBucket()
    {
        var result = Read("ratelimit_user.429.json");
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal(429, result.HttpStatus);
        Assert.Equal("You are being rate limited.", result.Error);
        Assert.Equal(TimeSpan.FromSeconds(65), result.RetryAfter); // retry_after 64.57, Retry-After 65
        Assert.Equal(new RateLimitState(0, TimeSpan.FromMilliseconds(64570)), result.RateLimit);
    }

    [Fact]
    public void Read_GlobalRateLimit_HasNoBucketButWaits()
    {
        var result = Read("ratelimit_global.429.json");
        Assert.Equal(TimeSpan.FromSeconds(65), result.RetryAfter);
        Assert.Null(result.RateLimit);
    }

    [Fact]
    public void Read_SharedRateLimit_UsesTheResourceMessage()
    {
        var result = Read("ratelimit_shared.429.json");
        Assert.Equal("The resource is being rate limited.", result.Error);
        Assert.Equal(TimeSpan.FromSeconds(1337), result.RetryAfter);
        Assert.Equal(new RateLimitState(9, TimeSpan.FromMilliseconds(64570)), result.RateLimit);
    }

    [Fact]
    public void Read_429WithoutRetryAfterHeader_UsesTheFloatSeconds()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        var result = DiscordResponse.Read(429, null, response.Headers, """{"message":"You are being rate limited.","retry_after":1.25,"global":false}""", Now);
        Assert.Equal(TimeSpan.FromMilliseconds(1250), result.RetryAfter);
    }

    [Fact]
    public void Read_429WithCode_AsTheSpecRequires_IsAccepted()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        var result = DiscordResponse.Read(429, null, response.Headers, """{"message":"You are being rate limited.","retry_after":2,"global":false,"code":0}""", Now);
        Assert.Equal("You are being rate limited.", result.Error);
        Assert.Equal(TimeSpan.FromSeconds(2), result.RetryAfter);
    }

    [Theory]
    [InlineData("unknown_webhook_404", "Unknown Webhook (code 10015)")]
    [InlineData("invalid_webhook_token_401", "Invalid Webhook Token (code 50027)")]
    [InlineData("empty_message_400", "Cannot send an empty message (code 50006)")]
    [InlineData("invalid_form_body_400_docs_object_error", "Invalid Form Body (code 50035): access_token: This field is required")]
    [InlineData("invalid_form_body_400_docs_request_error", "Invalid Form Body (code 50035): Command exceeds maximum size (8000)")]
    [InlineData("request_entity_too_large_413", "Request entity too large (code 40005)")]
    public void Read_Errors_KeepDiscordsExactText_AndArePermanent(string example, string expected)
    {
        var result = Read("errors.json", example);
        Assert.Equal(expected, result.Error);
        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Null(result.RetryAfter);
    }

    [Fact]
    public void Read_FormErrorTree_ListsEveryFieldPath()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadRequest);
        var body = """{"code":50035,"errors":{"embeds":{"0":{"description":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 4096 or fewer in length."}]},"fields":{"3":{"value":{"_errors":[{"code":"BASE_TYPE_REQUIRED","message":"This field is required"}]}}}}}},"message":"Invalid Form Body"}""";
        Assert.Equal("Invalid Form Body (code 50035): embeds.0.description: Must be 4096 or fewer in length.; embeds.0.fields.3.value: This field is required",
            DiscordResponse.Read(400, "Bad Request", response.Headers, body, Now).Error);
    }

    [Theory]
    [InlineData(500, "Internal Server Error", "", "HTTP 500 Internal Server Error", DeliveryOutcome.Transient)]
    [InlineData(502, "Bad Gateway", "<html>bad gateway</html>", "HTTP 502 Bad Gateway: <html>bad gateway</html>", DeliveryOutcome.Transient)]
    [InlineData(403, "Forbidden", "error code: 1010", "HTTP 403 Forbidden: error code: 1010", DeliveryOutcome.Permanent)]
    [InlineData(301, "Moved Permanently", "", "HTTP 301 Moved Permanently", DeliveryOutcome.Permanent)]
    public void Read_NonJsonAnswers_DescribeTheHttpStatus(int status, string reason, string body, string expected, DeliveryOutcome outcome)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        var result = DiscordResponse.Read(status, reason, response.Headers, body, Now);
        Assert.Equal(expected, result.Error);
        Assert.Equal(outcome, result.Outcome);
    }

    [Fact]
    public void Read_5xxJson_IsTransientWithItsMessage()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.InternalServerError);
        var result = DiscordResponse.Read(500, null, response.Headers, """{"message": "500: Internal Server Error", "code": 0}""", Now);
        Assert.Equal("500: Internal Server Error", result.Error);
        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
    }

    [Theory]
    [InlineData("3", "0.5", 3, 500)]
    [InlineData("0", "64.57", 0, 64570)]
    public void ReadRateLimit_ParsesRemainingAndFractionalResetAfter(string remaining, string resetAfter, int expectedRemaining, int expectedMs)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.Add("X-RateLimit-Remaining", remaining);
        response.Headers.Add("X-RateLimit-Reset-After", resetAfter);
        Assert.Equal(new RateLimitState(expectedRemaining, TimeSpan.FromMilliseconds(expectedMs)), DiscordResponse.ReadRateLimit(response.Headers));
    }

    [Theory]
    [InlineData(null, "1")]
    [InlineData("1", null)]
    [InlineData("-1", "1")]
    [InlineData("x", "1")]
    [InlineData("1", "soon")]
    public void ReadRateLimit_MissingOrUnreadable_IsNull(string? remaining, string? resetAfter)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        if (remaining is not null) response.Headers.Add("X-RateLimit-Remaining", remaining);
        if (resetAfter is not null) response.Headers.Add("X-RateLimit-Reset-After", resetAfter);
        Assert.Null(DiscordResponse.ReadRateLimit(response.Headers));
    }
}
