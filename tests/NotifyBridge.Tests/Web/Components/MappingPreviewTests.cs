using System.Text.Json;
using NotifyBridge.Web.Components.Pages.Providers;

namespace NotifyBridge.Tests.Web.Components;

public sealed class MappingPreviewTests
{
    private const string Payload = """
        {"title":"Backup done","data":{"items":[{"name":"home"},{"name":"etc","size":12}],"ok":true},"n":null}
        """;

    [Fact]
    public void Apply_ShowsMappedValues_AndTheDefaultEventTypeWhenThePathFindsNothing()
    {
        using var document = JsonDocument.Parse(Payload);
        var mapping = new FieldMapping { TitlePath = "title", CollectionPath = "data.items[0].name", EventTypePath = "kind", DefaultEventType = "backup" };

        var lines = MappingPreview.Apply(mapping, document.RootElement).ToDictionary(l => l.Label, l => l.Value);

        Assert.Equal("Backup done", lines["Title"]);
        Assert.Equal("home", lines["Collection"]);
        Assert.Equal("backup", lines["Event type"]);
        Assert.Null(lines["Message"]);
    }

    [Fact]
    public void FieldMapping_RoundTripsThroughSettings_KeepingOtherKeys()
    {
        var mapping = FieldMapping.FromSettings("""{"other":[1,2],"titlePath":"a.b","urlPath":"link"}""");
        Assert.Equal("a.b", mapping.TitlePath);
        Assert.Equal("link", mapping.UrlPath);

        mapping.Set("urlPath", "  ");
        mapping.Set("actorPath", " sender.login ");

        Assert.Equal("""{"other":[1,2],"titlePath":"a.b","actorPath":"sender.login"}""", mapping.ApplyTo("""{"other":[1,2],"titlePath":"a.b","urlPath":"link"}"""));
        Assert.Equal("{}", new FieldMapping().ApplyTo(null));
    }
}
