using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Ingest.Generic;

namespace NotifyBridge.Tests.Domain.Ingest;

public sealed class GenericMappingPreviewTests
{
    [Fact]
    public void Apply_ValidMapping_ReportsSourcesPerField()
    {
        var settings = new GenericWebhookSettings { TitlePath = "job.name", MessagePath = "job.log[1]" };
        var result = GenericMappingPreview.Apply(settings, """{"job":{"name":"nightly","log":["a","b"]},"text":"ignored","severity":"error"}""");

        Assert.True(result.IsValid);
        Assert.Equal("nightly", result.Event!.Title);
        Assert.Equal("b", result.Event.Summary);
        Assert.Equal(EventSeverity.High, result.Event.Severity);
        var title = result.Fields.Single(f => f.Field == "title");
        Assert.Equal(("job.name", "job.name", "nightly"), (title.Path, title.Source, title.Value));
        var severity = result.Fields.Single(f => f.Field == "severity");
        Assert.Equal((null, "severity", "error"), (severity.Path, severity.Source, severity.Value));
        var actor = result.Fields.Single(f => f.Field == "actor");
        Assert.Null(actor.Source);
        Assert.Null(actor.Value);
        Assert.Equal(["title", "message", "url", "severity", "eventType", "collection", "actor"], result.Fields.Select(f => f.Field));
    }

    [Fact]
    public void Apply_InvalidPath_ErrorAndDefaultsStillApplied()
    {
        var result = GenericMappingPreview.Apply(new GenericWebhookSettings { TitlePath = "a[x]" }, """{"title":"from default"}""");

        Assert.False(result.IsValid);
        Assert.Equal(["titlePath: Array index 'x' must be a non-negative integer (or a quoted name) at position 3."], result.Errors);
        Assert.Equal("from default", result.Event!.Title);
        var title = result.Fields.Single(f => f.Field == "title");
        Assert.NotNull(title.Error);
        Assert.Equal("title", title.Source);
    }

    [Fact]
    public void Apply_MissingPath_NoValueNoError()
    {
        var result = GenericMappingPreview.Apply(new GenericWebhookSettings { CollectionPath = "repo.name" }, """{"message":"m"}""");
        Assert.True(result.IsValid);
        var collection = result.Fields.Single(f => f.Field == "collection");
        Assert.Equal(("repo.name", null, null, null), (collection.Path, collection.Source, collection.Value, collection.Error));
        Assert.Null(result.Event!.CollectionId);
    }

    [Theory]
    [InlineData("", "Body must be a JSON object; the body is empty.")]
    [InlineData("[1,2]", "Body must be a JSON object, not an array.")]
    [InlineData("\"text\"", "Body must be a JSON object, not a string.")]
    public void Apply_NotAnObject_Error(string json, string error)
    {
        var result = GenericMappingPreview.Apply(GenericWebhookSettings.Default, json);
        Assert.Null(result.Event);
        Assert.Equal([error], result.Errors);
    }

    [Fact]
    public void Apply_MalformedJson_ErrorWithPosition()
    {
        var result = GenericMappingPreview.Apply(GenericWebhookSettings.Default, "{\"a\" 1}");
        Assert.StartsWith("Body must be a JSON object. Malformed JSON at line 1, position 6: ", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ObjectValue_RenderedAsCompactJson()
    {
        var result = GenericMappingPreview.Apply(new GenericWebhookSettings { MessagePath = "data" }, """{"data": { "k" : [1, true] }}""");
        Assert.Equal("""{"k":[1,true]}""", result.Event!.Summary);
    }
}
