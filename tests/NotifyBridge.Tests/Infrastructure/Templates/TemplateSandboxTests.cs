using Stopwatch = System.Diagnostics.Stopwatch;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Templates;

namespace NotifyBridge.Tests.Infrastructure.Templates;

/// <summary>The Liquid sandbox and the composer, without a database: escaping, limits, parse errors, the title rule.</summary>
public sealed class TemplateSandboxTests
{
    private readonly LiquidSandbox _sandbox;
    private readonly MessageComposer _composer;

    public TemplateSandboxTests()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(TemplateSamples.At));
        _sandbox = new LiquidSandbox(clock);
        _composer = new MessageComposer(_sandbox, clock);
    }

    private static EventLogEntry Hostile() => new()
    {
        Id = 7,
        OwnerId = "o",
        ProviderName = "<i>Evil</i> & co",
        EventType = EventTypes.Webhook,
        Title = "<script>alert(1)</script>",
        Summary = "\"><img src=x onerror=alert(1)> & <b>not bold</b>",
        Url = "javascript:alert(1)",
        Actor = "<b>mallory</b>",
        CollectionName = "a\"b",
        DetailsJson = """{"title":"<a href=\"https://evil.example\">click</a>","number":1}""",
        CreatedAt = TemplateSamples.At,
    };

    private async Task<NotificationMessage> Render(string template, EventLogEntry? entry = null, LinkDisplayOptions? options = null)
    {
        Assert.True(_sandbox.TryParse(template, out var parsed, out var error), error?.ToString());
        return await _composer.ComposeAsync(new RenderSubject.SingleEvent(entry ?? Hostile()), parsed!, options ?? LinkDisplayOptions.Default, "en", TimeZoneInfo.Utc);
    }

    private async Task<TemplateRenderException> RenderFails(string template) =>
        await Assert.ThrowsAsync<TemplateRenderException>(() => Render(template));

    [Fact]
    public async Task Values_AreHtmlEscaped_SoHostileEventTextStaysText()
    {
        var message = await Render("<b>{{ event.title }}</b>\n{{ event.summary }}\n{{ event.actor }} {{ event.provider }} {{ event.collection_name }} {{ event.details.title }}");

        Assert.Equal(
            "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>\n&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;not bold&lt;/b&gt;\n"
            + "&lt;b&gt;mallory&lt;/b&gt; &lt;i&gt;Evil&lt;/i&gt; &amp; co a&quot;b &lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt;",
            message.BodyHtml);
        Assert.Equal("<script>alert(1)</script>", message.Title);
    }

    [Theory]
    [InlineData(EventTypes.Webhook)]
    [InlineData(EventTypes.IssueOpened)]
    [InlineData(TemplateNames.Fallback)]
    public async Task DefaultTemplates_EscapeHostileValues_AndDropUnsafeLinks(string name)
    {
        var defaults = new DefaultTemplates(_sandbox);
        var message = await _composer.ComposeAsync(new RenderSubject.SingleEvent(Hostile()), defaults.Get(name, "en").Parsed, LinkDisplayOptions.Default, "en", TimeZoneInfo.Utc);

        Assert.DoesNotContain("<script", message.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", message.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", message.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"https://evil", message.BodyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Raw_IsADeliberateOptOut_ButOnlyTheSubsetSurvives()
    {
        var message = await Render("{{ \"<b>bold</b> <u>under</u>\" | raw }} {{ event.title | raw }} {{ \"<div onclick=x>d</div>\" | raw }}");
        Assert.Equal("<b>bold</b> <u>under</u> &lt;script&gt;alert(1)&lt;/script&gt; &lt;div onclick=x&gt;d&lt;/div&gt;", message.BodyHtml);
    }

    [Fact]
    public async Task LinkFilter_LinksSafeUrls_EscapesText_AndHonoursIncludeLinks()
    {
        var entry = TemplateSamples.Event(EventTypes.Push);
        entry.Url = "https://git.example.com/a?x=1&y=\"2\"";
        const string template = "{{ \"Tom & Jerry\" | link: event.url }} {{ \"bad\" | link: \"javascript:alert(1)\" }}";

        var linked = await Render(template, entry);
        Assert.Equal("<a href=\"https://git.example.com/a?x=1&amp;y=&quot;2&quot;\">Tom &amp; Jerry</a> bad", linked.BodyHtml);

        var plain = await Render(template, entry, LinkDisplayOptions.Default with { IncludeLinks = false });
        Assert.Equal("Tom &amp; Jerry bad", plain.BodyHtml);
    }

    [Fact]
    public async Task InfiniteLoop_IsStoppedWithAnError_NotAHang()
    {
        var watch = Stopwatch.StartNew();
        var error = await RenderFails("{% for i in (1..1000) %}{% for j in (1..1000) %}{% for k in (1..1000) %}x{% endfor %}{% endfor %}{% endfor %}");
        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task HugeRange_IsRefusedBeforeItIsAllocated()
    {
        var error = await RenderFails("{% assign n = 100000000 %}{% for i in (1..n) %}{% endfor %}");
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% assign x = 'aaaaaaaaaa' %}{% for i in (1..30) %}{% assign x = x | append: x %}{% endfor %}")]
    [InlineData("{% assign x = 'aaaaaaaaaa' %}{% for i in (1..30) %}{% capture x %}{{ x }}{{ x }}{% endcapture %}{% endfor %}")]
    [InlineData("{% assign x = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' %}{% for i in (1..3) %}{% assign x = x | replace: 'a', x %}{% endfor %}")]
    [InlineData("{% assign a = 'a,b' | split: ',' %}{% for i in (1..30) %}{% assign a = a | concat: a %}{% endfor %}")]
    public async Task GrowingValues_AreStoppedAtTheValueLimit(string template)
    {
        var error = await RenderFails(template);
        Assert.Matches("grew beyond|would produce more than", error.Message);
    }

    [Fact]
    public async Task ReplaceThatWouldExplode_IsRefusedBeforeItRuns()
    {
        var error = await RenderFails("{% assign x = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' %}{% assign y = x | append: x | append: x | append: x %}{{ x | replace: 'a', y }}");
        Assert.Contains("'replace' would produce more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_IsCappedAtALineBoundary()
    {
        var message = await Render("{% for i in (1..999) %}line {{ i }} {{ event.summary }}\n{% endfor %}");
        Assert.True(message.BodyHtml.Length <= TemplateLimits.MaxOutputLength + 2, message.BodyHtml.Length.ToString(CultureInfo.InvariantCulture));
        Assert.EndsWith("\n…", message.BodyHtml, StringComparison.Ordinal);
        Assert.StartsWith("line 1 ", message.BodyHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% include 'secrets' %}", "Unknown tag 'include'")]
    [InlineData("{% render 'secrets' %}", "Unknown tag 'render'")]
    public void FileTags_DoNotParse(string template, string expected)
    {
        Assert.False(_sandbox.TryParse(template, out _, out var error));
        Assert.Contains(expected, error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotNetMembers_AreNotReachable()
    {
        var message = await Render("[{{ event.title.Length }}][{{ event.GetType }}][{{ options.MaxAssets }}][{{ event.details.Count }}][{{ event.details.Keys }}][{{ locale.Length }}]");
        Assert.Equal("[][][][][][]", message.BodyHtml);
    }

    [Fact]
    public async Task DotNetObject_InTheModel_ExposesNothing()
    {
        Assert.True(_sandbox.TryParse("[{{ obj.Host }}][{{ obj.AbsoluteUri }}][{{ obj.GetType.Assembly }}]", out var parsed, out _));
        var output = await _sandbox.RenderAsync(parsed!, new Dictionary<string, object?> { ["obj"] = new Uri("https://example.com/x") }, CultureInfo.InvariantCulture, TimeZoneInfo.Utc);
        Assert.Equal("[][][]", output.Body);
    }

    [Fact]
    public void ParseError_NamesLineAndColumn()
    {
        Assert.False(_sandbox.TryParse("<b>Hello</b>\n{% if event.title %}\nno end", out _, out var error));
        Assert.Equal(3, error!.Line);
        Assert.NotNull(error.Column);
        Assert.Contains("endif", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Line 3, column ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Title_IsTheCapturedTitleAsPlainText_OnOneLine()
    {
        var message = await Render("{% capture title %}<b>{{ event.actor }}</b>\n did   it{% endcapture %}body");
        Assert.Equal("<b>mallory</b> did it", message.Title);
        Assert.Equal("body", message.BodyHtml);
    }

    [Fact]
    public async Task Title_WithoutCapture_IsTheFirstLineOfTheBody()
    {
        var message = await Render("\n\n  <b>First</b> line & more\nsecond line");
        Assert.Equal("First line & more", message.Title);
    }

    [Fact]
    public async Task Whitespace_LeftByTags_IsTidied()
    {
        var message = await Render("{% if true %}\n\n\none   \n{% endif %}\n\n\n\ntwo\n{% if false %}x{% endif %}\n");
        Assert.Equal("one\n\ntwo", message.BodyHtml);
    }

    [Fact]
    public async Task NumberAndPlural_FollowTheLocale()
    {
        Assert.True(_sandbox.TryParse("{{ 49500 | number }} {{ 1 | plural: 'Foto', 'Fotos' }} {{ 0 | plural: 'Foto', 'Fotos' }} {{ 2 | plural: 'Foto', 'Fotos' }}", out var parsed, out _));
        var model = new Dictionary<string, object?>();
        Assert.Equal("49,500 Foto Fotos Fotos", (await _sandbox.RenderAsync(parsed!, model, TemplateLocales.Culture("en"), TimeZoneInfo.Utc)).Body);
        Assert.Equal("49.500 Foto Fotos Fotos", (await _sandbox.RenderAsync(parsed!, model, TemplateLocales.Culture("de"), TimeZoneInfo.Utc)).Body);
    }
}
