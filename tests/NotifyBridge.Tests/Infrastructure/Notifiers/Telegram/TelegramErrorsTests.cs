using System.Net;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Infrastructure.Net;
using NotifyBridge.Infrastructure.Notifiers.Telegram;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Telegram;

/// <summary>Exception-to-result classification, including the answers the fake never gives (non-JSON bodies).</summary>
public sealed class TelegramErrorsTests
{
    private const string Token = "123456:AASecretSecretSecretSecretSecret00";

    [Theory]
    [InlineData(400, "Bad Request: chat not found", DeliveryOutcome.Permanent)]
    [InlineData(401, "Unauthorized", DeliveryOutcome.Permanent)]
    [InlineData(403, "Forbidden: bot was kicked from the supergroup chat", DeliveryOutcome.Permanent)]
    [InlineData(500, "Internal Server Error", DeliveryOutcome.Transient)]
    [InlineData(502, "Bad Gateway", DeliveryOutcome.Transient)]
    public void ApiError_KeepsTheDescriptionAndClassifiesByStatus(int status, string description, DeliveryOutcome outcome)
    {
        var result = TelegramErrors.ToSendResult(new ApiRequestException(description, status), Token);
        Assert.Equal((outcome, status, description), (result.Outcome, result.HttpStatus, result.Error));
    }

    [Fact]
    public void TooManyRequests_CarriesRetryAfter()
    {
        var result = TelegramErrors.ToSendResult(new ApiRequestException("Too Many Requests: retry after 17", 429, new ResponseParameters { RetryAfter = 17 }), Token);
        Assert.Equal((DeliveryOutcome.Transient, TimeSpan.FromSeconds(17)), (result.Outcome, result.RetryAfter));
    }

    [Fact]
    public void TooManyRequests_WithoutRetryAfter_HasNoHint()
    {
        var result = TelegramErrors.ToSendResult(new ApiRequestException("Too Many Requests", 429), Token);
        Assert.Equal((DeliveryOutcome.Transient, (TimeSpan?)null), (result.Outcome, result.RetryAfter));
    }

    [Fact]
    public void Migrated_IsPermanentAndNamesTheNewChat()
    {
        var result = TelegramErrors.ToSendResult(new ApiRequestException("Bad Request: group chat was upgraded to a supergroup chat", 400,
            new ResponseParameters { MigrateToChatId = -1001234 }), Token);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Equal("Bad Request: group chat was upgraded to a supergroup chat (the group is now the supergroup -1001234: change this target's chat id to -1001234)", result.Error);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, DeliveryOutcome.Transient)]
    [InlineData(HttpStatusCode.NotFound, DeliveryOutcome.Permanent)]
    [InlineData(HttpStatusCode.OK, DeliveryOutcome.Transient)]
    public void UnreadableAnswer_IsClassifiedByStatusButNeverSuccess(HttpStatusCode status, DeliveryOutcome outcome)
    {
        var result = TelegramErrors.ToSendResult(new RequestException("There was an exception during deserialization of the response", status), Token);

        Assert.Equal((outcome, (int)status), (result.Outcome, result.HttpStatus));
        Assert.Contains("not a Bot API response", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeout_IsNoResponse()
    {
        var result = TelegramErrors.ToSendResult(new RequestException("Bot API Request timed out", new TaskCanceledException()), Token);
        Assert.Equal((DeliveryOutcome.Transient, (int?)null, "The Bot API did not answer within 30 s."), (result.Outcome, result.HttpStatus, result.Error));
    }

    [Fact]
    public void RefusedByPolicy_IsPermanent()
    {
        var refused = new OutboundRequestRefusedException("Refused to connect to 'api.telegram.org': private.");
        var result = TelegramErrors.ToSendResult(new RequestException("Bot API Service Failure", new HttpRequestException("wrapped", refused)), Token);
        Assert.Equal((DeliveryOutcome.Permanent, "Refused to connect to 'api.telegram.org': private."), (result.Outcome, result.Error));
    }

    [Fact]
    public void TokenInAnErrorText_IsScrubbed()
    {
        var result = TelegramErrors.ToSendResult(new RequestException("x", new HttpRequestException($"GET http://h/bot{Token}/getMe failed")), Token);
        Assert.Equal("Could not reach the Bot API: GET http://h/bot<token>/getMe failed", result.Error);
    }
}
