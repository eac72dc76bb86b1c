using Microsoft.Extensions.Time.Testing;
using NotifyBridge.Domain.Dispatch.Retry;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Dispatch;

namespace NotifyBridge.Tests.Infrastructure.Dispatch;

public sealed class RateShapingTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TokenBucket_OnePerSecond_BooksTheNextFreeSecond()
    {
        var bucket = new TokenBucket(new RateLimit(1, TimeSpan.FromSeconds(1)), _clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(_clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Reserve(_clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromSeconds(2), bucket.Reserve(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(bucket.IsIdle(_clock.GetUtcNow()));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(_clock.GetUtcNow()));
    }

    [Fact]
    public void TokenBucket_Groups20PerMinute_AllowsABurstThenThreeSecondsApart()
    {
        var bucket = new TokenBucket(new RateLimit(20, TimeSpan.FromMinutes(1)), _clock.GetUtcNow());
        for (var i = 0; i < 20; i++) Assert.Equal(TimeSpan.Zero, bucket.Reserve(_clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromSeconds(3), bucket.Reserve(_clock.GetUtcNow()));
    }

    [Fact]
    public void RateShaper_ChatAndBotLimits_TheStricterWins()
    {
        var shaper = new RateShaper(_clock);
        var chat = new DeliveryLane("telegram:1:42", new RateLimit(1, TimeSpan.FromSeconds(1)), "telegram-bot:1", new RateLimit(30, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.Zero, shaper.Reserve(chat));
        Assert.Equal(TimeSpan.FromSeconds(1), shaper.Reserve(chat));

        // 30 other chats of the same bot right now: with the first chat's send that makes 31 in
        // this second, so the bot's 30/s budget makes the last one wait.
        var waits = Enumerable.Range(0, 30).Select(i => shaper.Reserve(chat with { Key = $"telegram:1:{100 + i}" })).ToList();
        Assert.All(waits.Take(29), w => Assert.Equal(TimeSpan.Zero, w));
        Assert.True(waits[^1] > TimeSpan.Zero);
    }

    [Fact]
    public void RateShaper_DiscordHeadersSayNoBudgetLeft_PausesThatLaneOnly()
    {
        var shaper = new RateShaper(_clock);
        var hook = new DeliveryLane("discord:1");
        shaper.Observe(hook, SendResult.Success(rateLimit: new RateLimitState(0, TimeSpan.FromSeconds(2))));
        Assert.Equal(TimeSpan.FromSeconds(2), shaper.Reserve(hook));
        Assert.Equal(TimeSpan.Zero, shaper.Reserve(new DeliveryLane("discord:2")));

        shaper.Observe(hook, SendResult.Failed(429, "You are being rate limited.", TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(5), shaper.Reserve(hook));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.Zero, shaper.Reserve(hook));
    }

    [Fact]
    public void RateShaper_ManyChats_KeepsAtMostMaxKeys()
    {
        var shaper = new RateShaper(_clock);
        for (var i = 0; i < RateShaper.MaxKeys * 2; i++)
            shaper.Reserve(new DeliveryLane($"telegram:1:{i}", new RateLimit(1, TimeSpan.FromSeconds(1))));
        Assert.True(shaper.TrackedKeys <= RateShaper.MaxKeys);
    }

    [Fact]
    public void MessageMerger_MergesWhatFits_InOrder_AndKeepsPhotosAlone()
    {
        var messages = Enumerable.Range(1, 5).Select(i => Message($"Push {i}", $"commit <b>{i}</b>")).ToList();
        Assert.Equal(5, MessageMerger.CountThatFit(messages, 4096));
        var merged = MessageMerger.Merge(messages);
        Assert.Equal("Push 1", merged.Title);
        Assert.Equal("commit <b>1</b>\n\n<b>Push 2</b>\ncommit <b>2</b>\n\n<b>Push 3</b>\ncommit <b>3</b>\n\n<b>Push 4</b>\ncommit <b>4</b>\n\n<b>Push 5</b>\ncommit <b>5</b>", merged.BodyHtml);
        Assert.Equal([1L, 2, 3, 4, 5], merged.EventIds);

        Assert.Equal(2, MessageMerger.CountThatFit(messages, 70));
        var withPhoto = messages.Take(2).Append(Message("Photos 9", "x") with { Assets = [new MessageAsset("http://x/1.jpg")] }).ToList();
        Assert.Equal(2, MessageMerger.CountThatFit(withPhoto, 4096));
        Assert.Equal(1, MessageMerger.CountThatFit(withPhoto.Skip(2).ToList(), 4096));
    }

    private static NotificationMessage Message(string title, string body) => new()
    {
        EventType = "push", Locale = "en", Title = title, BodyHtml = body, EventIds = [long.Parse(title[^1..], System.Globalization.CultureInfo.InvariantCulture)],
    };

    [Fact]
    public void SendResult_Failed_ClassifiesLikeTheRetryRules()
    {
        Assert.Equal(DeliveryOutcome.Transient, SendResult.Failed(503, "down").Outcome);
        Assert.Equal(DeliveryOutcome.Permanent, SendResult.Failed(403, "Forbidden").Outcome);
    }
}
