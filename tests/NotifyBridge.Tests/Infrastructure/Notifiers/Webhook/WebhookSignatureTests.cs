using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers;
using NotifyBridge.Infrastructure.Notifiers.Webhook;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Webhook;

public sealed class WebhookSignatureTests
{
    /// <summary>
    /// A fixed vector, the same as in docs/webhook-signatures.md, computed independently:
    /// printf '%s' '1773480413.{"hello":"world"}' | openssl dgst -sha256 -hmac 'whsec_0123456789abcdef'
    /// </summary>
    [Fact]
    public void Compute_MatchesTheDocumentedVector()
    {
        var signature = WebhookSignature.Compute("whsec_0123456789abcdef", 1773480413, Encoding.UTF8.GetBytes("{\"hello\":\"world\"}"));

        Assert.Equal("sha256=" + DocumentedVector, signature);
    }

    internal const string DocumentedVector = "e5317d93dd3da5e98a094a24cdf685c2b17aa9f13f7280ec8e09581559010d97";

    [Theory]
    [InlineData("X-NotifyBridge-Signature", true)]
    [InlineData("x-notifybridge-anything", true)]
    [InlineData("Content-Length", true)]
    [InlineData("host", true)]
    [InlineData("Authorization", false)]
    [InlineData("Content-Type", false)]
    public void IsReserved(string name, bool reserved) => Assert.Equal(reserved, WebhookHeaders.IsReserved(name));

    [Fact]
    public void Validate_ListsEveryProblem()
    {
        var problems = WebhookHeaders.Validate(new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer x",
            ["X-NotifyBridge-Delivery"] = "1",
            ["Bad Name"] = "x",
            ["X-Ok"] = "line\nbreak",
        });

        Assert.Equal(
        [
            "Header 'X-NotifyBridge-Delivery' is set by NotifyBridge and cannot be overridden.",
            "'Bad Name' is not a valid header name.",
            "The value of header 'X-Ok' contains a line break.",
        ], problems);
    }

    [Fact]
    public void Registration_ProvidesTheWebhookNotifier()
    {
        using var data = new TempDirectory("nb-webhook");
        using var services = InfrastructureServices.ForSqlite(data.Path, s =>
        {
            if (s.All(d => d.ServiceType != typeof(NotifierRegistry))) NotifierRegistry.AddNotifiers(s);
        });

        Assert.IsType<WebhookNotifier>(services.GetRequiredService<NotifierRegistry>().Get(TargetType.Webhook));
    }
}
