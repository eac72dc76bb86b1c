using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Ingest.Generic;

namespace NotifyBridge.Tests.Domain.Ingest;

public sealed class GenericWebhookSettingsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("""{"defaultEventType":null}""")]
    [InlineData("""{"defaultEventType":""}""")]
    public void TryParse_EmptyOrDefault_Defaults(string? json)
    {
        Assert.True(GenericWebhookSettings.TryParse(json, out var settings, out _));
        Assert.Equal(GenericWebhookSettings.Default, settings);
        Assert.Equal(EventTypes.Webhook, settings.DefaultEventType);
    }

    [Fact]
    public void TryParse_CamelCase_ReadsAllPaths()
    {
        const string json = """
            {"titlePath":"t","messagePath":"m","urlPath":"u","severityPath":"s","eventTypePath":"e",
             "collectionPath":"c","actorPath":"a","defaultEventType":"x_y","unknown":1}
            """;
        Assert.True(GenericWebhookSettings.TryParse(json, out var settings, out _));
        Assert.Equal(new GenericWebhookSettings
        {
            TitlePath = "t", MessagePath = "m", UrlPath = "u", SeverityPath = "s", EventTypePath = "e",
            CollectionPath = "c", ActorPath = "a", DefaultEventType = "x_y",
        }, settings);
        Assert.Empty(settings.Validate());
    }

    [Fact]
    public void ToJson_RoundTrips_CamelCaseWithoutNulls()
    {
        var settings = new GenericWebhookSettings { TitlePath = "alerts[0].name" };
        var json = settings.ToJson();
        Assert.Equal("""{"titlePath":"alerts[0].name","defaultEventType":"webhook"}""", json);
        Assert.True(GenericWebhookSettings.TryParse(json, out var back, out _));
        Assert.Equal(settings, back);
    }

    [Fact]
    public void TryParse_Malformed_ErrorWithPosition()
    {
        Assert.False(GenericWebhookSettings.TryParse("{\"titlePath\": }", out _, out var error));
        Assert.StartsWith("Settings: Malformed JSON at line 1, position 15", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidPathsAndEventType_NamesFields()
    {
        var settings = new GenericWebhookSettings { TitlePath = "a[", UrlPath = "ok.path", ActorPath = "x..y", DefaultEventType = "Bad Type" };
        Assert.Equal(
            [
                "titlePath: Unclosed '[' at position 2.",
                "actorPath: Empty name at position 3.",
                "defaultEventType: must be 1 to 64 lower-case letters, digits or underscores.",
            ],
            settings.Validate());
    }
}
