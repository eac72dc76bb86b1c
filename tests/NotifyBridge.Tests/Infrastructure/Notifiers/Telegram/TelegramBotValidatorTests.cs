using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Infrastructure.Notifiers.Telegram;
using NotifyBridge.Tests.TestSupport.Fakes.Telegram;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Telegram;

public sealed class TelegramBotValidatorTests : IClassFixture<FakeTelegramFixture>, IDisposable
{
    private readonly FakeTelegramBotApi _api;
    private readonly ServiceProvider _services = TelegramTestKit.Services();
    private readonly TelegramBotValidator _validator;

    public TelegramBotValidatorTests(FakeTelegramFixture fixture)
    {
        _api = fixture.Api;
        _api.Reset();
        _validator = _services.GetRequiredService<TelegramBotValidator>();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ValidateAsync_KnownToken_ReturnsTheBot()
    {
        var check = await _validator.ValidateAsync(FakeTelegramBotApi.DefaultToken, _api.BaseUrl, CancellationToken.None);

        Assert.Equal(new TelegramBotCheck(true, FakeTelegramBotApi.DefaultBotId, "notifybridge_test_bot", "NotifyBridge"), check);
        Assert.Equal("getme", Assert.Single(_api.Requests).Method.ToLowerInvariant());
    }

    [Fact]
    public async Task ValidateAsync_TokenWithSpaces_IsTrimmed()
    {
        var check = await _validator.ValidateAsync($"  {FakeTelegramBotApi.DefaultToken}\n", _api.BaseUrl + "/", CancellationToken.None);
        Assert.True(check.Ok, check.Error);
    }

    [Fact]
    public async Task ValidateAsync_UnknownToken_SaysTelegramRejectedIt()
    {
        var check = await _validator.ValidateAsync("123456:AAUnknownTokenUnknownTokenUnknown00", _api.BaseUrl, CancellationToken.None);

        Assert.Equal(TelegramBotCheck.Invalid("The bot token was rejected by Telegram (401 Unauthorized)."), check);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("123456")]
    [InlineData("abc:AAUnknownTokenUnknownTokenUnknown00")]
    [InlineData("123456:short")]
    [InlineData("123456:AAUnknown Token With Spaces Unknown00")]
    public async Task ValidateAsync_MalformedToken_IsRefusedWithoutACall(string token)
    {
        var check = await _validator.ValidateAsync(token, _api.BaseUrl, CancellationToken.None);

        Assert.False(check.Ok);
        Assert.NotNull(check.Error);
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:8081")]
    [InlineData("localhost:8081")]
    [InlineData("http://127.0.0.1:8081/telegram/")]
    public async Task ValidateAsync_MalformedBaseUrl_IsRefusedWithoutACall(string baseUrl)
    {
        var check = await _validator.ValidateAsync(FakeTelegramBotApi.DefaultToken, baseUrl, CancellationToken.None);

        Assert.False(check.Ok);
        Assert.Contains(baseUrl, check.Error, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task ValidateAsync_ServerError_ReportsTheServerAndItsAnswer()
    {
        _api.FailNext(1, 500, "Internal Server Error");
        var check = await _validator.ValidateAsync(FakeTelegramBotApi.DefaultToken, _api.BaseUrl, CancellationToken.None);

        Assert.Equal($"{_api.BaseUrl} (500): Internal Server Error", check.Error);
    }

    [Fact]
    public async Task ValidateAsync_ServerDown_SaysItCouldNotReachIt()
    {
        await using var gone = await FakeTelegramBotApi.StartAsync();
        var url = gone.BaseUrl;
        await gone.StopAsync();

        var check = await _validator.ValidateAsync(FakeTelegramBotApi.DefaultToken, url, CancellationToken.None);

        Assert.False(check.Ok);
        Assert.StartsWith($"{url}: Could not reach the Bot API: ", check.Error, StringComparison.Ordinal);
    }
}
