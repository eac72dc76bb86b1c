using System.Text;
using NotifyBridge.Domain.Ingest;
using static NotifyBridge.Tests.Domain.Ingest.IngestFixtures;

namespace NotifyBridge.Tests.Domain.Ingest;

public sealed class WebhookTokensTests
{
    [Theory]
    [InlineData("Bearer abc123", "abc123")]
    [InlineData("bearer   abc123  ", "abc123")]
    [InlineData("Basic dXNlcjpzM2NyZXQ=", "s3cret")]
    public void Extract_AuthorizationHeader_Token(string authorization, string expected) =>
        Assert.Equal(expected, WebhookTokens.Extract(Request("{}", headers: [new("Authorization", authorization)])));

    [Fact]
    public void Extract_WebhookTokenHeader_Token() =>
        Assert.Equal("hdr", WebhookTokens.Extract(Request("{}", headers: [new("X-Webhook-Token", " hdr ")])));

    [Fact]
    public void Extract_QueryToken_Token() =>
        Assert.Equal("qry", WebhookTokens.Extract(Request("{}", query: [new("token", "qry")])));

    [Fact]
    public void Extract_Several_AuthorizationThenHeaderThenQuery()
    {
        Assert.Equal("a", WebhookTokens.Extract(Request("{}", headers: [new("Authorization", "Bearer a"), new("X-Webhook-Token", "h")], query: [new("token", "q")])));
        Assert.Equal("h", WebhookTokens.Extract(Request("{}", headers: [new("X-Webhook-Token", "h")], query: [new("token", "q")])));
        Assert.Equal("h", WebhookTokens.Extract(Request("{}", headers: [new("Authorization", "Digest x=y"), new("X-Webhook-Token", "h")])));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer   ")]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Token abc")]
    public void Extract_UnusableAuthorization_Null(string authorization) =>
        Assert.Null(WebhookTokens.Extract(Request("{}", headers: [new("Authorization", authorization)])));

    [Fact]
    public void Extract_BasicWithoutColon_Null() =>
        Assert.Null(WebhookTokens.Extract(Request("{}", headers: [new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("nocolon")))])));

    [Fact]
    public void Extract_Nothing_Null() => Assert.Null(WebhookTokens.Extract(Request("{}", query: [new("token", "")])));

    [Theory]
    [InlineData("s3cret", "s3cret", true)]
    [InlineData("s3cret", "s3creT", false)]
    [InlineData("s3cret", "s3cret-longer", false)]
    [InlineData("", "", false)]
    [InlineData(null, "s3cret", false)]
    [InlineData("s3cret", null, false)]
    public void Matches_ComparesExactly(string? presented, string? secret, bool expected) =>
        Assert.Equal(expected, WebhookTokens.Matches(presented, secret));
}
