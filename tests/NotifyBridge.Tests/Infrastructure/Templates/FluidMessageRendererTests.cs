using System.Text.Json;
using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Templates;

namespace NotifyBridge.Tests.Infrastructure.Templates;

/// <summary>The renderer: caching, locale fallback, batch wording in both languages, payload JSON, fallback to the default.</summary>
public sealed class FluidMessageRendererTests : IAsyncLifetime
{
    private readonly TemplateHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private Task<NotificationMessage> Render(RenderSubject subject, string locale = "en", LinkDisplayOptions? options = null) =>
        _host.Renderer.RenderAsync(subject, options ?? LinkDisplayOptions.Default, locale, CancellationToken.None).AsTask();

    [Fact]
    public async Task BroadcastTo50Targets_RendersOnce()
    {
        var subject = new RenderSubject.SingleEvent(TemplateSamples.Event(EventTypes.Push));
        var before = _host.Renderer.RenderCount;

        var messages = new List<NotificationMessage>();
        for (var target = 0; target < 50; target++) messages.Add(await Render(subject));

        Assert.Equal(1, _host.Renderer.RenderCount - before);
        Assert.All(messages, m => Assert.Same(messages[0], m));
    }

    [Fact]
    public async Task ConcurrentRendersOfOneSubject_ShareOneRender()
    {
        var subject = new RenderSubject.SingleEvent(TemplateSamples.Event(EventTypes.IssueOpened));
        var before = _host.Renderer.RenderCount;

        var messages = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Render(subject))));

        Assert.Equal(1, _host.Renderer.RenderCount - before);
        Assert.All(messages, m => Assert.Same(messages[0], m));
    }

    [Fact]
    public async Task LocaleAndOptions_AreSeparateCacheEntries()
    {
        var subject = new RenderSubject.SingleEvent(TemplateSamples.Event(EventTypes.Push));
        var before = _host.Renderer.RenderCount;
        await Render(subject, "en");
        await Render(subject, "de");
        await Render(subject, "en", LinkDisplayOptions.Default with { IncludeLinks = false });
        await Render(subject, "en", LinkDisplayOptions.Default with { IncludeLinks = false });
        await Render(subject, "de");
        Assert.Equal(3, _host.Renderer.RenderCount - before);
    }

    [Fact]
    public async Task TimeZoneChange_RendersAfresh_InTheNewZone()
    {
        var subject = new RenderSubject.SingleEvent(TemplateSamples.Event("custom_thing"));
        await _host.Renderer.RenderAsync(subject, LinkDisplayOptions.Default, "en", CancellationToken.None);
        await _host.Templates.SaveAsync(TemplateNames.Fallback, "en", "at {{ event.created_at }} / {{ event.time }}", CancellationToken.None);
        Assert.Equal("at 14 Mar 2025, 09:30 / 09:30", (await Render(subject)).BodyHtml);

        await _host.SetTimeZoneAndLocaleAsync("America/New_York", "en");
        Assert.Equal("at 14 Mar 2025, 05:30 / 05:30", (await Render(subject)).BodyHtml);
    }

    [Theory]
    [InlineData("de", "en", "de")]
    [InlineData("de-AT", "en", "de")]
    [InlineData("fr", "de", "de")]
    [InlineData("fr", "en", "en")]
    [InlineData(null, "de", "de")]
    [InlineData("", "en", "en")]
    public async Task UnknownLocale_FallsBackToTheAppDefault_ThenEnglish(string? requested, string appDefault, string expected)
    {
        await _host.SetTimeZoneAndLocaleAsync("UTC", appDefault);
        var message = await _host.Renderer.RenderAsync(new RenderSubject.SingleEvent(TemplateSamples.Event(EventTypes.Push)), LinkDisplayOptions.Default, requested!, CancellationToken.None);
        Assert.Equal(expected, message.Locale);
        Assert.Contains(expected == "de" ? "gepusht" : "pushed", message.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void LocaleResolution_IgnoresAnUnsupportedAppDefault() => Assert.Equal("en", TemplateLocales.Resolve("xx", "yy"));

    [Theory]
    [InlineData("en", 1, "Anna added 1 photo to Trip to Lisbon")]
    [InlineData("en", 2, "Anna added 2 photos to Trip to Lisbon")]
    [InlineData("de", 1, "Anna hat 1 Foto zu Trip to Lisbon hinzugefügt")]
    [InlineData("de", 2, "Anna hat 2 Fotos zu Trip to Lisbon hinzugefügt")]
    public async Task AssetWording_IsPluralisedInBothLanguages(string locale, int count, string expected)
    {
        var entry = TemplateSamples.Event(EventTypes.AssetsAdded, id: 500 + count);
        entry.AssetsCount = count;
        Assert.Equal(expected, (await Render(new RenderSubject.SingleEvent(entry), locale)).Title);
    }

    [Theory]
    [InlineData("en", "Anna added 37 photos to Trip to Lisbon", "3 people added 50,000 photos to Trip to Lisbon", "+49,500 more not shown")]
    [InlineData("de", "Anna hat 37 Fotos zu Trip to Lisbon hinzugefügt", "3 Personen haben 50.000 Fotos zu Trip to Lisbon hinzugefügt", "+49.500 weitere nicht angezeigt")]
    public async Task BatchWording_OnePersonSeveralPeopleAndMore(string locale, string burst, string import, string more)
    {
        Assert.Equal(burst, (await Render(TemplateSamples.AssetsBurst(), locale)).Title);
        var imported = await Render(TemplateSamples.LargeImport(), locale);
        Assert.Equal(import, imported.Title);
        Assert.Contains(more, imported.BodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(more[..4], (await Render(TemplateSamples.AssetsBurst(), locale)).BodyHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "1 photo", "… and 1 more")]
    [InlineData("de", "1 Foto", "… und 1 weiteres")]
    public async Task BatchWording_SingularForms(string locale, string onePhoto, string oneMore)
    {
        var burst = TemplateSamples.AssetsBurst();
        burst.Row.AssetCount = 1;
        burst.Row.AssetIdsJson = "[\"asset-1\"]";
        burst.Row.UpdatedAt = burst.Row.UpdatedAt.AddTicks(1);
        Assert.Contains(onePhoto, (await Render(burst, locale)).Title, StringComparison.Ordinal);

        // Eleven pushes, ten listed: one more.
        var pushes = TemplateSamples.PushBurst();
        var events = Enumerable.Range(0, 11).Select(i => TemplateSamples.Event(EventTypes.Push, 700 + i)).ToList();
        pushes.Row.EventCount = 11;
        var message = await Render(new RenderSubject.Batch(pushes.Row, events), locale);
        Assert.EndsWith(oneMore, message.BodyHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "25 notifications during quiet hours", "… and 10 more")]
    [InlineData("de", "25 Benachrichtigungen während der Ruhezeit", "… und 10 weitere")]
    public async Task Digest_ListsHeldEvents_InTheirOwnLanguage_CappedWithAndMore(string locale, string title, string more)
    {
        var message = await Render(TemplateSamples.Digest(), locale);
        Assert.Equal(title, message.Title);
        Assert.EndsWith(more, message.BodyHtml, StringComparison.Ordinal);
        Assert.Equal(15, message.BodyHtml.Split('\n').Count(l => l.StartsWith('•')));
        Assert.Contains(locale == "de" ? "hat das Issue #42 eröffnet" : "opened issue #42:", message.BodyHtml, StringComparison.Ordinal);
        Assert.Equal(DeferredDispatch.DigestEventType, message.EventType);
        Assert.Equal(20, message.EventIds.Count);
        Assert.Empty(message.Assets);
    }

    [Fact]
    public async Task BatchHoldingOneEvent_LooksLikeThatEventsOwnMessage()
    {
        var entry = TemplateSamples.Event(EventTypes.Push);
        var row = new DeferredDispatch { Id = 90, Kind = DeferredDispatchKind.QuietHours, EventType = EventTypes.Push, EventCount = 1, FirstEventAt = entry.CreatedAt, LastEventAt = entry.CreatedAt };
        var single = await Render(new RenderSubject.Batch(row, [entry]));
        var own = await Render(new RenderSubject.SingleEvent(entry));
        Assert.Equal(own.BodyHtml, single.BodyHtml);
        Assert.Equal(own.Title, single.Title);
    }

    [Fact]
    public async Task EventPayload_IsStableJson_WithTheEventAndTheRenderedMessage()
    {
        var message = await Render(new RenderSubject.SingleEvent(TemplateSamples.Event(EventTypes.Push)), "de");
        using var json = JsonDocument.Parse(message.PayloadJson);
        var root = json.RootElement;
        Assert.Equal(["event", "message"], root.EnumerateObject().Select(p => p.Name));
        var e = root.GetProperty("event");
        Assert.Equal(1001, e.GetProperty("id").GetInt64());
        Assert.Equal("push", e.GetProperty("type").GetString());
        Assert.Equal("2025-03-14T09:30:00.000Z", e.GetProperty("created_at").GetString());
        Assert.Equal(3, e.GetProperty("details").GetProperty("total_commits").GetInt32());
        var m = root.GetProperty("message");
        Assert.Equal("de", m.GetProperty("locale").GetString());
        Assert.Equal(message.Title, m.GetProperty("title").GetString());
        Assert.Equal(message.BodyHtml, m.GetProperty("html").GetString());
        Assert.Equal(message.BodyText, m.GetProperty("text").GetString());
        Assert.Contains("gepusht", message.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchPayload_CarriesCountsAndEvents()
    {
        var message = await Render(TemplateSamples.LargeImport());
        using var json = JsonDocument.Parse(message.PayloadJson);
        var batch = json.RootElement.GetProperty("batch");
        Assert.Equal("quiet_hours", batch.GetProperty("kind").GetString());
        Assert.Equal(50_000, batch.GetProperty("asset_count").GetInt64());
        Assert.Equal(49_500, batch.GetProperty("more_asset_count").GetInt64());
        Assert.True(batch.GetProperty("several_actors").GetBoolean());
        Assert.Equal(3, batch.GetProperty("events").GetArrayLength());
        Assert.Equal([200L, 201L, 202L], message.EventIds);
    }

    [Fact]
    public async Task TestMessage_IsNeverCached_AndNamesTheTarget()
    {
        var before = _host.Renderer.RenderCount;
        var first = await Render(new RenderSubject.Test("Ops chat"));
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await Render(new RenderSubject.Test("Ops chat"));
        Assert.Equal(2, _host.Renderer.RenderCount - before);
        Assert.Contains("<b>Ops chat</b>", first.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("09:30", first.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("09:35", second.BodyHtml, StringComparison.Ordinal);
        Assert.Equal(TemplateNames.Test, first.EventType);
    }

    [Fact]
    public async Task OverrideFailingAtRenderTime_FallsBackToTheBuiltInTemplate()
    {
        await _host.Templates.SaveAsync(EventTypes.Push, "en", "{% if event.actor == 'boom' %}{{ 1 | divided_by: 0 }}{% endif %}Custom", CancellationToken.None);
        var boom = TemplateSamples.Event(EventTypes.Push, id: 77);
        boom.Actor = "boom";

        var message = await Render(new RenderSubject.SingleEvent(boom));
        Assert.StartsWith("<b>boom</b> pushed 3 commits", message.BodyHtml, StringComparison.Ordinal);
        Assert.Equal("Custom", (await Render(new RenderSubject.SingleEvent(TemplateSamples.Event(EventTypes.Push)))).BodyHtml);
    }

    [Fact]
    public async Task CoalescingRow_ThatChanged_RendersAfresh()
    {
        var burst = TemplateSamples.AssetsBurst();
        Assert.Contains("37 photos", (await Render(burst)).Title, StringComparison.Ordinal);
        burst.Row.AssetCount = 44;
        burst.Row.EventCount = 6;
        burst.Row.UpdatedAt = burst.Row.UpdatedAt.AddSeconds(5);
        Assert.Contains("44 photos", (await Render(burst)).Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_RendersAnUnsavedBody_OrReturnsTheParseError()
    {
        var entry = TemplateSamples.Event(EventTypes.IssueOpened);
        entry.Title = "Real <event>";
        var preview = await _host.Renderer.PreviewAsync(EventTypes.IssueOpened, "en", "<b>{{ event.title }}</b>", entry, CancellationToken.None);
        Assert.Null(preview.Error);
        Assert.Equal("<b>Real &lt;event&gt;</b>", preview.BodyHtml);
        Assert.Equal("Real <event>", preview.BodyText);

        var broken = await _host.Renderer.PreviewAsync(EventTypes.IssueOpened, "en", "ok\n{{ event.title", null, CancellationToken.None);
        Assert.Null(broken.BodyHtml);
        Assert.Equal(2, broken.Error!.Line);

        var sample = await _host.Renderer.PreviewAsync(TemplateNames.Digest, "de", "{{ batch.event_count }} / {{ batch.events[0].headline }}", null, CancellationToken.None);
        Assert.Equal("25 / alice hat 3 Commits nach main in acme/website gepusht", sample.BodyHtml);
    }
}
