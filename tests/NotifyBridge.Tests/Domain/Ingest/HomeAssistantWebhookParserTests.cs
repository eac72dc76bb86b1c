using System.Text.Json;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Ingest;
using NotifyBridge.Domain.Ingest.HomeAssistant;
using static NotifyBridge.Tests.Domain.Ingest.IngestFixtures;

namespace NotifyBridge.Tests.Domain.Ingest;

public sealed class HomeAssistantWebhookParserTests
{
    private readonly HomeAssistantWebhookParser parser = new();

    [Theory]
    [InlineData("notify_rest_get.request.json", "query")]
    [InlineData("notify_rest_post_form.request.json", "form")]
    [InlineData("notify_rest_post_json.request.json", "json")]
    public void Parse_NotifyRestFixture_MessageAndTitle(string file, string source)
    {
        var e = Accepted(parser.Parse(HomeAssistantRequest(file), "{}"));

        Assert.Equal(EventTypes.HomeAssistantNotification, e.EventType);
        Assert.Equal("Status changed", e.Title);
        Assert.Equal("You have an update!", e.Summary);
        Assert.Null(e.Url);
        Assert.Null(e.Actor);
        Assert.Equal(0, e.AssetsCount);
        using var details = JsonDocument.Parse(e.DetailsJson);
        Assert.Equal(source, details.RootElement.GetProperty("source").GetString());
        Assert.False(details.RootElement.TryGetProperty("message", out _));
        Assert.False(details.RootElement.TryGetProperty("title", out _));
    }

    [Fact]
    public void Parse_NotifyRestGet_MethodIsGetAndNormalSeverity()
    {
        var request = HomeAssistantRequest("notify_rest_get.request.json");
        Assert.Equal("GET", request.Method);
        Assert.Equal(EventSeverity.Normal, Accepted(parser.Parse(request, "{}")).Severity);
    }

    [Fact]
    public void Parse_NotifyRestPostJson_MergedDataKeysRecognized()
    {
        var e = Accepted(parser.Parse(HomeAssistantRequest("notify_rest_post_json.request.json"), "{}"));

        Assert.Equal(EventSeverity.High, e.Severity);
        using var details = JsonDocument.Parse(e.DetailsJson);
        Assert.Equal("user1", details.RootElement.GetProperty("target").GetString());
        Assert.Equal("high", details.RootElement.GetProperty("priority").GetString());
    }

    [Theory]
    [InlineData("rest_command_slack_profile.request.json")]
    [InlineData("rest_command_shuffle_on.request.json")]
    public void Parse_RestCommandWithoutMessage_Rejected(string file) =>
        Assert.Equal("Field 'message' is required.", Rejected(parser.Parse(HomeAssistantRequest(file), "{}")));

    [Theory]
    [InlineData("rest_command.post_test", "data")]
    [InlineData("rest_command.put_test", "data")]
    [InlineData("rest_command.content_type_test", "test data")]
    [InlineData("rest_command.headers_test", "test data")]
    public void Parse_RestCommandPlainTextBody_IsMessage(string service, string message)
    {
        var e = Accepted(parser.Parse(HomeAssistantCoreTestRequest(service), "{}"));
        Assert.Equal(message, e.Summary);
        Assert.Equal(HomeAssistantWebhookParser.DefaultTitle, e.Title);
        Assert.Contains("\"source\":\"text\"", e.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RestCommandGetWithoutBody_Rejected() =>
        Assert.Equal("Field 'message' is required.", Rejected(parser.Parse(HomeAssistantCoreTestRequest("rest_command.get_test"), "{}")));

    [Fact]
    public void Parse_JsonContentTypeWithTextBody_RejectedAsMalformed() =>
        Assert.Equal("Malformed JSON at line 1, position 2: 'test data' is an invalid JSON literal. Expected the literal 'true'.",
            Rejected(parser.Parse(HomeAssistantCoreTestRequest("rest_command.headers_and_content_type_override_template_test"), "{}")));

    [Fact]
    public void Parse_UnsupportedContentType_Rejected() =>
        Assert.Contains("application/pdf", Rejected(parser.Parse(Request("%PDF", "application/pdf"), "{}")), StringComparison.Ordinal);

    [Fact]
    public void Parse_WebhookTriggerStyleForm_RejectedWithoutMessage()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(PathOf("homeassistant", "webhook_trigger_inbound_examples.json")));
        var request = FromDescription(document.RootElement.GetProperty("requests")[0]);
        Assert.Equal("Field 'message' is required.", Rejected(parser.Parse(request, "{}")));
    }

    [Fact]
    public void Parse_RestCommandJsonWithData_MapsUrlSeverityCollectionAndType()
    {
        const string body = """
            {"message": "Garage door open for 10 min", "title": "Garage", "target": ["phone"],
             "data": {"url": "https://ha.example/lovelace/garage", "severity": "critical",
                      "entity_id": "cover.garage_door", "area": "Garage", "event_type": "door_left_open", "extra": {"n": 1}}}
            """;
        var e = Accepted(parser.Parse(Request(body, "application/json; charset=utf-8"), "{}"));

        Assert.Equal("door_left_open", e.EventType);
        Assert.Equal("Garage", e.Title);
        Assert.Equal("Garage door open for 10 min", e.Summary);
        Assert.Equal("https://ha.example/lovelace/garage", e.Url);
        Assert.Equal(EventSeverity.Critical, e.Severity);
        Assert.Equal("cover.garage_door", e.CollectionId);
        Assert.Equal("Garage", e.CollectionName);
        using var details = JsonDocument.Parse(e.DetailsJson);
        Assert.Equal(1, details.RootElement.GetProperty("data").GetProperty("extra").GetProperty("n").GetInt32());
        Assert.Equal("phone", details.RootElement.GetProperty("target")[0].GetString());
    }

    [Fact]
    public void Parse_ClickActionAndEntityList_Recognized()
    {
        const string body = """{"message":"m","data":{"clickAction":"https://ha.example/x","entity_id":["light.a","light.b"]}}""";
        var e = Accepted(parser.Parse(Request(body), "{}"));
        Assert.Equal("https://ha.example/x", e.Url);
        Assert.Equal("light.a, light.b", e.CollectionId);
        Assert.Equal("light.a, light.b", e.CollectionName);
    }

    [Fact]
    public void Parse_AreaOnly_IsCollection()
    {
        var e = Accepted(parser.Parse(Request("""{"message":"m","data":{"area":"Kitchen"}}"""), "{}"));
        Assert.Equal(("Kitchen", "Kitchen"), (e.CollectionId, e.CollectionName));
    }

    [Theory]
    [InlineData("/lovelace/0")]
    [InlineData("noAction")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://files.example/x")]
    public void Parse_NonHttpUrl_Dropped(string url)
    {
        var e = Accepted(parser.Parse(Request($$$"""{"message":"m","data":{"url":"{{{url}}}"}}"""), "{}"));
        Assert.Null(e.Url);
    }

    [Theory]
    [InlineData("low", EventSeverity.Low)]
    [InlineData("info", EventSeverity.Low)]
    [InlineData("normal", EventSeverity.Normal)]
    [InlineData("warning", EventSeverity.Normal)]
    [InlineData("high", EventSeverity.High)]
    [InlineData("ERROR", EventSeverity.High)]
    [InlineData("critical", EventSeverity.Critical)]
    [InlineData("whatever", EventSeverity.Normal)]
    public void Parse_Priority_MapsSeverity(string priority, EventSeverity expected)
    {
        var e = Accepted(parser.Parse(Request($$$"""{"message":"m","data":{"priority":"{{{priority}}}"}}"""), "{}"));
        Assert.Equal(expected, e.Severity);
    }

    [Fact]
    public void Parse_SeverityWinsOverPriority()
    {
        var e = Accepted(parser.Parse(Request("""{"message":"m","severity":"low","data":{"priority":"high"}}"""), "{}"));
        Assert.Equal(EventSeverity.Low, e.Severity);
    }

    [Theory]
    [InlineData("Door Open")]
    [InlineData("door-open")]
    [InlineData("DOOR")]
    public void Parse_InvalidEventType_Rejected(string eventType)
    {
        var message = Rejected(parser.Parse(Request($$"""{"message":"m","event_type":"{{eventType}}"}"""), "{}"));
        Assert.Contains("event_type", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooLongEventType_Rejected() =>
        Assert.Contains("event_type", Rejected(parser.Parse(Request($$"""{"message":"m","event_type":"{{new string('a', 65)}}"}"""), "{}")), StringComparison.Ordinal);

    [Fact]
    public void Parse_TopLevelEventType_Used() =>
        Assert.Equal("motion", Accepted(parser.Parse(Request("""{"message":"m","event_type":"motion"}"""), "{}")).EventType);

    [Theory]
    [InlineData("""{"title":"x"}""")]
    [InlineData("""{"message":""}""")]
    [InlineData("""{"message":"   "}""")]
    [InlineData("""{"message":null}""")]
    public void Parse_MissingMessage_Rejected(string body) =>
        Assert.Equal("Field 'message' is required.", Rejected(parser.Parse(Request(body), "{}")));

    [Fact]
    public void Parse_ArrayBody_Rejected() =>
        Assert.Contains("JSON object", Rejected(parser.Parse(Request("[1]"), "{}")), StringComparison.Ordinal);

    [Fact]
    public void Parse_NoTitle_DefaultsToHomeAssistant() =>
        Assert.Equal("Home Assistant", Accepted(parser.Parse(Request("""{"message":"m"}"""), "{}")).Title);

    [Fact]
    public void Parse_QueryToken_NotCopiedIntoDetails()
    {
        var request = Request("", null, "GET", query: [new("message", "hi"), new("token", "s3cret"), new("priority", "low")]);
        var e = Accepted(parser.Parse(request, "{}"));
        Assert.DoesNotContain("s3cret", e.DetailsJson, StringComparison.Ordinal);
        Assert.Equal(EventSeverity.Low, e.Severity);
    }

    [Fact]
    public void Parse_HugeData_DetailsTruncated()
    {
        var body = $$$"""{"message":"m","data":{"blob":"{{{new string('q', 40_000)}}}"}}""";
        var e = Accepted(parser.Parse(Request(body), "{}"));
        Assert.True(e.DetailsJson.Length <= IngestLimits.DetailsMaxBytes);
        Assert.Contains("\"truncated\":true", e.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public void DeliveryId_IdempotencyKey_Used()
    {
        Assert.Equal("k-1", parser.DeliveryId(Request("{}", headers: [new("Idempotency-Key", "k-1")])));
        Assert.Null(parser.DeliveryId(HomeAssistantRequest("notify_rest_post_json.request.json")));
    }
}
