using NotifyBridge.Domain.Dispatch.Retry;

namespace NotifyBridge.Tests.Domain.Dispatch;

public sealed class CircuitBreakerTests
{
    private static readonly DateTime Now = new(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc);

    private static CircuitBreakerState Fail(int times)
    {
        var state = CircuitBreakerState.Closed;
        for (var i = 0; i < times; i++) state = CircuitBreaker.OnFailure(state, Now);
        return state;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void OnFailure_BelowThreshold_StaysClosed(int failures)
    {
        var state = Fail(failures);
        Assert.Equal(failures, state.ConsecutiveFailures);
        Assert.Null(state.OpenUntilUtc);
        Assert.False(state.IsOpen(Now));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 5)]
    [InlineData(5, 15)]
    [InlineData(6, 60)]
    [InlineData(7, 60)]
    [InlineData(50, 60)]
    public void OnFailure_PastThreshold_OpensPerTable(int failures, int minutes)
    {
        Assert.Equal(Now.AddMinutes(minutes), Fail(failures).OpenUntilUtc);
    }

    [Fact]
    public void IsOpen_UntilOpenUntil_ThenClosed()
    {
        var state = Fail(3);
        Assert.True(state.IsOpen(Now.AddSeconds(59)));
        Assert.False(state.IsOpen(Now.AddMinutes(1)));
    }

    [Fact]
    public void OnSuccess_ResetsFailures()
    {
        var state = CircuitBreaker.OnSuccess(Fail(6));
        Assert.Equal(CircuitBreakerState.Closed, state);
        Assert.Null(CircuitBreaker.OnFailure(state, Now).OpenUntilUtc);
    }

    [Fact]
    public void OnFailure_CustomTable_UsedAndLastEntryRepeats()
    {
        var options = new CircuitBreakerOptions(1, [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)]);
        var state = CircuitBreaker.OnFailure(CircuitBreakerState.Closed, Now, options);
        Assert.Equal(Now.AddSeconds(10), state.OpenUntilUtc);
        state = CircuitBreaker.OnFailure(state, Now, options);
        Assert.Equal(Now.AddSeconds(20), state.OpenUntilUtc);
        state = CircuitBreaker.OnFailure(state, Now, options);
        Assert.Equal(Now.AddSeconds(20), state.OpenUntilUtc);
    }

    [Fact]
    public void OpenDuration_EmptyTable_NeverOpens()
    {
        Assert.Null(CircuitBreaker.OpenDuration(100, new CircuitBreakerOptions(1, [])));
    }
}
