using NotifyBridge.Domain.Dispatch.Retry;

namespace NotifyBridge.Tests.Domain.Dispatch;

public sealed class RetryHintTests
{
    private static readonly DateTimeOffset Now = new(2026, 10, 21, 7, 27, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("120", 120)]
    [InlineData(" 5 ", 5)]
    [InlineData("0", 0)]
    public void FromRetryAfterHeader_Seconds_ParsesDelay(string value, int seconds)
    {
        Assert.Equal(new RetryHint(TimeSpan.FromSeconds(seconds), RetryHintSource.RetryAfterHeader), RetryHint.FromRetryAfterHeader(value, Now));
    }

    [Fact]
    public void FromRetryAfterHeader_HttpDate_IsRelativeToNow()
    {
        var hint = RetryHint.FromRetryAfterHeader("Wed, 21 Oct 2026 07:28:30 GMT", Now);
        Assert.Equal(TimeSpan.FromSeconds(90), hint?.Delay);
    }

    [Fact]
    public void FromRetryAfterHeader_DateInPast_IsZero()
    {
        var hint = RetryHint.FromRetryAfterHeader("Wed, 21 Oct 2026 07:00:00 GMT", Now);
        Assert.Equal(TimeSpan.Zero, hint?.Delay);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public void FromRetryAfterHeader_Unreadable_IsNull(string? value)
    {
        Assert.Null(RetryHint.FromRetryAfterHeader(value, Now));
    }

    [Fact]
    public void FromRetryAfterHeader_HugeSeconds_DoesNotOverflow()
    {
        Assert.NotNull(RetryHint.FromRetryAfterHeader("99999999999999999", Now));
    }

    [Fact]
    public void FromDiscordSeconds_FloatSeconds_Parsed_InvalidIsNull()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1500), RetryHint.FromDiscordSeconds(1.5)?.Delay);
        Assert.Equal(RetryHintSource.DiscordRetryAfter, RetryHint.FromDiscordSeconds(0.25)?.Source);
        Assert.Null(RetryHint.FromDiscordSeconds(-1));
        Assert.Null(RetryHint.FromDiscordSeconds(double.NaN));
        Assert.Null(RetryHint.FromDiscordSeconds(double.PositiveInfinity));
        Assert.NotNull(RetryHint.FromDiscordSeconds(1e300));
    }

    [Fact]
    public void FromTelegramAndMatrix_Parsed_NegativeIsNull()
    {
        Assert.Equal(new RetryHint(TimeSpan.FromSeconds(30), RetryHintSource.TelegramRetryAfter), RetryHint.FromTelegramSeconds(30));
        Assert.Equal(new RetryHint(TimeSpan.FromMilliseconds(2500), RetryHintSource.MatrixRetryAfterMs), RetryHint.FromMatrixMilliseconds(2500));
        Assert.Null(RetryHint.FromTelegramSeconds(-1));
        Assert.Null(RetryHint.FromMatrixMilliseconds(-1));
    }

    [Fact]
    public void Choose_SeveralHints_TakesLongest()
    {
        var chosen = RetryHint.Choose([RetryHint.FromDiscordSeconds(5), null, RetryHint.FromRetryAfterHeader("30", Now)]);
        Assert.Equal(TimeSpan.FromSeconds(30), chosen);
    }

    [Fact]
    public void Choose_LongerThanCap_IsCapped()
    {
        Assert.Equal(TimeSpan.FromHours(1), RetryHint.Choose([RetryHint.FromTelegramSeconds(86_400)]));
        Assert.Equal(TimeSpan.FromMinutes(5), RetryHint.Choose([RetryHint.FromTelegramSeconds(86_400)], TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Choose_NoHints_IsNull()
    {
        Assert.Null(RetryHint.Choose([]));
        Assert.Null(RetryHint.Choose([null, null]));
    }
}
