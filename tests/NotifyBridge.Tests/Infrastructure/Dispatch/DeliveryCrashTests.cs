using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NotifyBridge.Domain.Deliveries;
using NotifyBridge.Tests.TestSupport;
using NotifyBridge.Tests.TestSupport.Fakes.WebhookReceiver;

namespace NotifyBridge.Tests.Infrastructure.Dispatch;

/// <summary>
/// kill -9 in the middle of delivering: after a restart everything is delivered, and the only
/// repeats are attempts that were under way at the kill — each carrying the same idempotency key.
/// </summary>
public sealed class DeliveryCrashTests
{
    [Fact]
    public async Task KillMidDelivery_RestartDeliversAll_DuplicatesOnlyForInFlightAttempts()
    {
        using var data = new TempDirectory("nb-crash");
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        receiver.DefaultResponse = new FakeWebhookResponse(200, "ok", Delay: TimeSpan.FromMilliseconds(250));

        // Seed 10 events × 3 targets = 30 pending deliveries, then let the real app send them.
        List<Delivery> planned;
        await using (var bed = await DispatchTestBed.StartAsync(DateTimeOffset.UtcNow, dataDirectory: data.Path))
        {
            var targets = new List<long>();
            for (var i = 0; i < 3; i++) targets.Add(await bed.AddWebhookTargetAsync($"hook{i}", receiver.Url($"/t{i}").ToString()));
            await bed.AddLinkAsync(await bed.AddBroadcastAsync("all", [.. targets]));
            for (var i = 0; i < 10; i++) await bed.IngestAsync(title: $"event {i}");
            planned = await bed.DeliveriesAsync();
        }
        Assert.Equal(30, planned.Count);

        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite",
            ["Storage__DataDirectory"] = data.Path,
            ["Delivery__PollInterval"] = "00:00:00.100",
        };
        var first = await AppProcess.StartAsync(environment);
        await receiver.WaitForRequestsAsync(8, TimeSpan.FromSeconds(30));
        await first.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        var beforeKill = receiver.Requests.Count;
        await first.DisposeAsync();
        Assert.True(beforeKill < 30, "The kill came too late to interrupt anything.");

        await using var second = await AppProcess.StartAsync(environment);
        await DispatchTestBed.WaitForAsync(async () => await CountAsync(data.Path, DeliveryStatus.Delivered) == 30, "every delivery after the restart", 60_000);

        var requests = receiver.Requests;
        var byKey = requests.GroupBy(r => r.Header("X-NotifyBridge-Delivery")!).ToList();
        Assert.Equal(planned.Select(d => d.IdempotencyKey).Order(), byKey.Select(g => g.Key).Order());
        var repeated = byKey.Where(g => g.Count() > 1).ToList();
        // A repeat is an attempt the first process had started (its request arrived before the
        // kill) but not recorded; it was sent again once, under the same key.
        Assert.All(repeated, g =>
        {
            Assert.Equal(2, g.Count());
            Assert.True(g.First().ReceivedAt <= killedAt, "A delivery was sent twice although its first attempt began after the kill.");
        });
        Assert.True(repeated.Count <= beforeKill);
    }

    private static async Task<int> CountAsync(string dataDirectory, DeliveryStatus status)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "notifybridge.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Deliveries WHERE Status = $status";
        command.Parameters.AddWithValue("$status", status.ToString());
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
