using System.Text.Json;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Ingest;
using NotifyBridge.Domain.Ingest.Generic;
using static NotifyBridge.Tests.Domain.Ingest.IngestFixtures;

namespace NotifyBridge.Tests.Domain.Ingest;

public sealed class GenericWebhookParserTests
{
    private readonly GenericWebhookParser parser = new();

    private const string Alertmanager = """
        {
          "receiver": "notifybridge",
          "status": "firing",
          "alerts": [
            {"status": "firing", "labels": {"alertname": "DiskFull", "severity": "critical", "instance": "nas:9100"},
             "annotations": {"summary": "Disk / is 97% full"}, "generatorURL": "https://prom.example/graph?g0.expr=x"}
          ],
          "commonLabels": {"alertname": "DiskFull"},
          "externalURL": "https://alertmanager.example",
          "version": "4"
        }
        """;

    private const string AlertmanagerSettings = """
        {"titlePath": "alerts[0].labels.alertname", "messagePath": "$.alerts[0].annotations.summary",
         "urlPath": "alerts[0].generatorURL", "severityPath": "alerts[0].labels.severity",
         "eventTypePath": "status", "collectionPath": "alerts[0].labels.instance", "actorPath": "receiver"}
        """;

    [Fact]
    public void Parse_MappedPathsWithArrays_Normalized()
    {
        var e = Accepted(parser.Parse(Request(Alertmanager), AlertmanagerSettings));

        Assert.Equal("firing", e.EventType);
        Assert.Equal("DiskFull", e.Title);
        Assert.Equal("Disk / is 97% full", e.Summary);
        Assert.Equal("https://prom.example/graph?g0.expr=x", e.Url);
        Assert.Equal(EventSeverity.Critical, e.Severity);
        Assert.Equal("nas:9100", e.CollectionId);
        Assert.Equal("nas:9100", e.CollectionName);
        Assert.Equal("notifybridge", e.Actor);
        using var details = JsonDocument.Parse(e.DetailsJson);
        Assert.Equal("firing", details.RootElement.GetProperty("status").GetString());
        Assert.False(details.RootElement.TryGetProperty("alerts", out _));
    }

    [Fact]
    public void Parse_NoMapping_DefaultKeys()
    {
        const string body = """{"subject":"Backup done","text":"3 files","link":"https://b.example/run/1","priority":"low","event_type":"backup_done"}""";
        var e = Accepted(parser.Parse(Request(body), "{}"));

        Assert.Equal("Backup done", e.Title);
        Assert.Equal("3 files", e.Summary);
        Assert.Equal("https://b.example/run/1", e.Url);
        Assert.Equal(EventSeverity.Low, e.Severity);
        Assert.Equal("backup_done", e.EventType);
        Assert.Null(e.CollectionId);
        Assert.Null(e.Actor);
    }

    [Theory]
    [InlineData("""{"title":"T","message":"M"}""", "T", "M")]
    [InlineData("""{"name":"N","description":"D"}""", "N", "D")]
    [InlineData("""{"subject":"S","body":"B"}""", "S", "B")]
    public void Parse_DefaultKeyVariants_Used(string body, string title, string summary)
    {
        var e = Accepted(parser.Parse(Request(body), ""));
        Assert.Equal((title, summary), (e.Title, e.Summary));
        Assert.Equal(EventTypes.Webhook, e.EventType);
    }

    [Fact]
    public void Parse_MappedPathMissing_FallsBackToDefaults()
    {
        var e = Accepted(parser.Parse(Request("""{"title":"fallback","message":"m"}"""), """{"titlePath":"a.b[3]"}"""));
        Assert.Equal("fallback", e.Title);
    }

    [Fact]
    public void Parse_NothingRecognized_TitleDefaultSummaryIsPayload()
    {
        var e = Accepted(parser.Parse(Request("""{ "cpu": 97, "host": "nas" }"""), "{}"));
        Assert.Equal(GenericMappingPreview.DefaultTitle, e.Title);
        Assert.Equal("""{"cpu":97,"host":"nas"}""", e.Summary);
        Assert.Equal(EventSeverity.Normal, e.Severity);
    }

    [Fact]
    public void Parse_CustomDefaultEventType_Used() =>
        Assert.Equal("nas_alert", Accepted(parser.Parse(Request("""{"message":"m"}"""), """{"defaultEventType":"nas_alert"}""")).EventType);

    [Theory]
    [InlineData("Build Failed", "build_failed")]
    [InlineData("deploy.finished", "deploy_finished")]
    [InlineData("!!!", "webhook")]
    public void Parse_FreeTextEventType_Normalized(string value, string expected) =>
        Assert.Equal(expected, Accepted(parser.Parse(Request($$"""{"message":"m","kind":"{{value}}"}"""), """{"eventTypePath":"kind"}""")).EventType);

    [Theory]
    [InlineData("not json at all")]
    [InlineData("message=hi")]
    [InlineData("{\"a\":")]
    public void Parse_NonJsonBody_Rejected(string body) =>
        Assert.StartsWith("Body must be a JSON object", Rejected(parser.Parse(Request(body, "text/plain"), "{}")), StringComparison.Ordinal);

    [Fact]
    public void Parse_MalformedJson_MessageHasLineAndPosition() =>
        Assert.Contains("Malformed JSON at line 2, position", Rejected(parser.Parse(Request("{\"a\": 1,\n  oops}"), "{}")), StringComparison.Ordinal);

    [Fact]
    public void Parse_EmptyBody_Rejected() =>
        Assert.Equal("Body must be a JSON object; the body is empty.", Rejected(parser.Parse(Request(""), "{}")));

    [Fact]
    public void Parse_ArrayBody_Rejected() =>
        Assert.Equal("Body must be a JSON object, not an array.", Rejected(parser.Parse(Request("[{\"message\":\"m\"}]"), "{}")));

    [Fact]
    public void Parse_InvalidSettingsPath_Rejected()
    {
        var message = Rejected(parser.Parse(Request("""{"message":"m"}"""), """{"titlePath":"a..b"}"""));
        Assert.Equal("The provider's settings are invalid: titlePath: Empty name at position 3.", message);
    }

    [Fact]
    public void Parse_MalformedSettings_Rejected() =>
        Assert.StartsWith("The provider's settings are invalid: Settings: Malformed JSON", Rejected(parser.Parse(Request("""{"message":"m"}"""), "{titlePath")), StringComparison.Ordinal);

    [Fact]
    public void Parse_SensitiveKeys_NotInDetails()
    {
        var e = Accepted(parser.Parse(Request("""{"message":"m","api_token":"t0k","password":"p","host":"h"}"""), "{}"));
        Assert.DoesNotContain("t0k", e.DetailsJson, StringComparison.Ordinal);
        Assert.DoesNotContain("\"p\"", e.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"host\":\"h\"", e.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongMessage_SummaryCapped()
    {
        var e = Accepted(parser.Parse(Request($$"""{"message":"{{new string('m', 5000)}}","title":"{{new string('t', 500)}}"}"""), "{}"));
        Assert.Equal(IngestLimits.SummaryMaxLength, e.Summary.Length);
        Assert.Equal(IngestLimits.TitleMaxLength, e.Title.Length);
    }

    [Theory]
    [InlineData("Idempotency-Key", "a1")]
    [InlineData("X-Request-Id", "r1")]
    [InlineData("X-Delivery-Id", "d1")]
    public void DeliveryId_Headers_Used(string header, string value) =>
        Assert.Equal(value, parser.DeliveryId(Request("{}", headers: [new(header, value)])));

    [Fact]
    public void DeliveryId_IdempotencyKeyPreferred() =>
        Assert.Equal("a1", parser.DeliveryId(Request("{}", headers: [new("X-Request-Id", "r1"), new("Idempotency-Key", "a1")])));

    [Fact]
    public void DeliveryId_ControlCharactersOrTooLong_Null()
    {
        Assert.Null(parser.DeliveryId(Request("{}", headers: [new("Idempotency-Key", "a\u0001b")])));
        Assert.Null(parser.DeliveryId(Request("{}", headers: [new("Idempotency-Key", new string('x', 201))])));
        Assert.Null(parser.DeliveryId(Request("{}")));
    }
}
