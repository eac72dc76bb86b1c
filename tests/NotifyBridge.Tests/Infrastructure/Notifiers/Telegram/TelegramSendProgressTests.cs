using Microsoft.Extensions.Time.Testing;
using NotifyBridge.Infrastructure.Notifiers.Telegram;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Telegram;

public sealed class TelegramSendProgressTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Resume_AfterRecords_ReturnsStepsAndIdsInOrder()
    {
        var progress = new TelegramSendProgress(_time);
        progress.Record("d1", 7, [101]);
        progress.Record("d1", 7, [102, 103]);

        var (steps, ids) = progress.Resume("d1", 7);
        Assert.Equal(2, steps);
        Assert.Equal([101, 102, 103], ids);
    }

    [Fact]
    public void Resume_UnknownKey_StartsOver()
    {
        Assert.Equal(0, new TelegramSendProgress(_time).Resume("nope", 1).Steps);
    }

    [Fact]
    public void Resume_ChangedMessage_StartsOver()
    {
        var progress = new TelegramSendProgress(_time);
        progress.Record("d1", 7, [101]);

        Assert.Equal(0, progress.Resume("d1", 8).Steps);
        Assert.Equal(0, progress.Resume("d1", 7).Steps);
    }

    [Fact]
    public void Resume_AfterADay_StartsOver()
    {
        var progress = new TelegramSendProgress(_time);
        progress.Record("d1", 7, [101]);
        _time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, progress.Resume("d1", 7).Steps);
    }

    [Fact]
    public void Forget_RemovesTheEntry()
    {
        var progress = new TelegramSendProgress(_time);
        progress.Record("d1", 7, [101]);
        progress.Forget("d1");

        Assert.Equal(0, progress.Count);
    }

    [Fact]
    public void Record_BeyondTheBound_DropsTheOldest()
    {
        var progress = new TelegramSendProgress(_time);
        for (var i = 0; i <= TelegramSendProgress.MaxEntries; i++)
        {
            progress.Record($"d{i}", 1, [i]);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(TelegramSendProgress.MaxEntries, progress.Count);
        Assert.Equal(0, progress.Resume("d0", 1).Steps);
        Assert.Equal(1, progress.Resume($"d{TelegramSendProgress.MaxEntries}", 1).Steps);
    }
}
