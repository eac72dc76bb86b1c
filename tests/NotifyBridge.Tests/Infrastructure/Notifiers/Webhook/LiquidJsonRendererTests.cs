using System.Text.Json;
using NotifyBridge.Infrastructure.Notifiers.Webhook;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Webhook;

/// <summary>Liquid templates that must produce JSON, whatever the payload's strings contain.</summary>
public sealed class LiquidJsonRendererTests
{
    private const string Nasty = """{"s":"quote \" backslash \\ newline \n tab \t <b>&amp;</b> ü 😀 \u0001","n":null,"b":true,"i":42,"d":1.25,"o":{"k":["x",1,false,null]}}""";

    private readonly LiquidJsonRenderer _renderer = new();

    private JsonElement RenderOk(string template, string payload = Nasty)
    {
        var result = _renderer.Render(template, payload, WebhookTestData.Message());
        Assert.True(result.Succeeded, result.Error);
        return JsonDocument.Parse(result.Json!).RootElement.Clone();
    }

    [Fact]
    public void JsonFilter_WritesAnyStringAsAValidJsonString()
    {
        var root = RenderOk("""{ "s": {{ payload.s | json }} }""");

        using var payload = JsonDocument.Parse(Nasty);
        Assert.Equal(payload.RootElement.GetProperty("s").GetString(), root.GetProperty("s").GetString());
    }

    [Fact]
    public void PlainOutputInsideQuotes_IsEscapedAsJsonStringContent()
    {
        var root = RenderOk("""{ "s": "{{ payload.s }}", "t": "{{ message.title }}" }""");

        using var payload = JsonDocument.Parse(Nasty);
        Assert.Equal(payload.RootElement.GetProperty("s").GetString(), root.GetProperty("s").GetString());
        Assert.Equal("Anna added 2 photos to Trip", root.GetProperty("t").GetString());
    }

    [Fact]
    public void JsonFilter_WritesObjectsArraysNumbersBooleansAndNil()
    {
        var result = _renderer.Render("""{"o":{{ payload.o | json }},"n":{{ payload.n | json }},"b":{{ payload.b | json }},"i":{{ payload.i | json }},"d":{{ payload.d | json }},"missing":{{ payload.nope | json }}}""", Nasty);

        Assert.Equal("""{"o":{"k":["x",1,false,null]},"n":null,"b":true,"i":42,"d":1.25,"missing":null}""", result.Json);
    }

    [Fact]
    public void JsonFilter_OnTheWholePayload_RoundTrips()
    {
        var root = RenderOk("{{ payload | json }}");

        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(Nasty).RootElement), JsonSerializer.Serialize(root));
    }

    [Fact]
    public void Loops_And_Conditions_Work()
    {
        var root = RenderOk("""[{% for v in payload.o.k %}{% if v %}{{ v | json }}{% else %}"falsy"{% endif %}{% unless forloop.last %},{% endunless %}{% endfor %}]""");

        Assert.Equal("""["x",1,"falsy","falsy"]""", root.GetRawText());
    }

    [Fact]
    public void MessageFields_AreAvailable()
    {
        var root = RenderOk("""{"event":{{ message.event_type | json }},"severity":{{ message.severity | json }},"text":{{ message.text | json }},"url":{{ message.url | json }}}""");

        Assert.Equal("asset.uploaded", root.GetProperty("event").GetString());
        Assert.Equal("normal", root.GetProperty("severity").GetString());
        Assert.Equal("Anna added 2 photos to Trip (https://photos.example.org/albums/42)", root.GetProperty("text").GetString());
    }

    [Fact]
    public void UnquotedString_IsRejectedWithAHint()
    {
        var result = _renderer.Render("""{ "s": {{ payload.s }} }""", Nasty);

        Assert.False(result.Succeeded);
        Assert.Contains("did not produce valid JSON", result.Error, StringComparison.Ordinal);
        Assert.Contains("| json", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TemplateThatDoesNotParse_IsRejected()
    {
        Assert.False(LiquidJsonRenderer.TryParse("{% for x in y %}", out var error));
        Assert.StartsWith("The body template does not parse:", error, StringComparison.Ordinal);
        Assert.True(LiquidJsonRenderer.TryParse("{ \"a\": {{ payload.a | json }} }", out _));
    }

    [Fact]
    public void RunawayLoop_StopsAtTheStepLimit()
    {
        var result = _renderer.Render("[{% for i in (1..10000000) %}{{ i }},{% endfor %}0]", "{}");

        Assert.False(result.Succeeded);
        Assert.StartsWith("The body template stopped:", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% include 'secrets' %}")]
    [InlineData("{% render '/etc/passwd' %}")]
    public void FileTags_FindNothing(string template)
    {
        var result = _renderer.Render(template, "{}");

        Assert.False(result.Succeeded);
        Assert.DoesNotContain("root:", result.Error ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidPayload_IsReported()
    {
        var result = _renderer.Render("{}", "{not json");

        Assert.False(result.Succeeded);
        Assert.StartsWith("The event payload is not valid JSON:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SameTemplate_RendersTheSameTwice()
    {
        const string template = """{"i":{{ payload.i }}}""";

        Assert.Equal(_renderer.Render(template, Nasty).Json, _renderer.Render(template, Nasty).Json);
    }
}
