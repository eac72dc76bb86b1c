using NotifyBridge.Domain.Dispatch.Retry;

namespace NotifyBridge.Tests.Domain.Dispatch;

public sealed class RetryBackoffTests
{
    private static readonly RetryBackoffOptions Options = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(30), 5);

    [Theory]
    [InlineData(1, 0.5, 1)]      // ceiling 2 s
    [InlineData(2, 0.5, 2)]      // ceiling 4 s
    [InlineData(3, 0.5, 4)]      // ceiling 8 s
    [InlineData(10, 0.5, 512)]   // ceiling 1024 s
    [InlineData(11, 0.5, 900)]   // ceiling 2048 s, capped at 1800 s
    [InlineData(3, 0.0, 0)]
    public void NextDelay_ExponentialWithFullJitter_Expected(int failedAttempts, double random01, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RetryBackoff.NextDelay(failedAttempts, random01, Options));
    }

    [Fact]
    public void NextDelay_NeverExceedsCap_EvenForHugeAttempts()
    {
        Assert.True(RetryBackoff.NextDelay(int.MaxValue, 0.999999, Options) <= Options.MaxDelay);
        Assert.True(RetryBackoff.NextDelay(3, 0.999999, Options) < TimeSpan.FromSeconds(8));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void NextDelay_RandomOutsideUnitInterval_Throws(double random01)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.NextDelay(1, random01, Options));
    }

    [Fact]
    public void NextDelay_AttemptBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.NextDelay(0, 0.5, Options));
    }

    [Fact]
    public void Decide_PermanentFailure_IsDeadAtOnce()
    {
        Assert.Equal(new RetryDecision.Dead(DeadReason.PermanentFailure), RetryBackoff.Decide(DeliveryOutcome.Permanent, 1, 0.5, null, Options));
    }

    [Fact]
    public void Decide_TransientBelowMaxAttempts_Retries_AtMaxAttempts_IsDead()
    {
        Assert.Equal(new RetryDecision.RetryAfter(TimeSpan.FromSeconds(8)), RetryBackoff.Decide(DeliveryOutcome.Transient, 4, 0.5, null, Options));
        Assert.Equal(new RetryDecision.Dead(DeadReason.AttemptsExhausted), RetryBackoff.Decide(DeliveryOutcome.Transient, 5, 0.5, null, Options));
    }

    [Fact]
    public void Decide_HintLongerThanComputed_Overrides_ShorterIsIgnored()
    {
        Assert.Equal(new RetryDecision.RetryAfter(TimeSpan.FromSeconds(30)), RetryBackoff.Decide(DeliveryOutcome.Transient, 1, 0.5, TimeSpan.FromSeconds(30), Options));
        Assert.Equal(new RetryDecision.RetryAfter(TimeSpan.FromSeconds(4)), RetryBackoff.Decide(DeliveryOutcome.Transient, 3, 0.5, TimeSpan.FromSeconds(1), Options));
    }

    [Fact]
    public void Decide_Success_Throws()
    {
        Assert.Throws<ArgumentException>(() => RetryBackoff.Decide(DeliveryOutcome.Success, 1, 0.5, null, Options));
    }
}
