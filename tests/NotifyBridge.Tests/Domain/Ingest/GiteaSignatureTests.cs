using System.Text;
using NotifyBridge.Domain.Ingest;
using NotifyBridge.Domain.Ingest.Gitea;
using static NotifyBridge.Tests.Domain.Ingest.IngestFixtures;

namespace NotifyBridge.Tests.Domain.Ingest;

public sealed class GiteaSignatureTests
{
    public static TheoryData<string> Fixtures => GiteaNameData();

    [Fact]
    public void Compute_DocumentedTestVectors_Match()
    {
        Assert.Equal("fcc9295610ebbba56ad12ca5af2c2557ebaf40a9d2fb948335b13b245f328af8", GiteaSignature.Compute("{}"u8, GiteaSecret));
        Assert.Equal("cdcb287e4586ad0b44532bd3e11661b790c28c56006e5d225dec10c423ba1d7a", GiteaSignature.Compute(GiteaBody("push"), GiteaSecret));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Verify_FixtureHeader_IsValid(string name) =>
        Assert.True(GiteaSignature.Verify(GiteaRequest(name), GiteaSecret));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Verify_TamperedBody_IsInvalid(string name)
    {
        var body = GiteaBody(name);
        body[body.Length / 2] ^= 0x01;
        var request = new InboundRequest { Method = "POST", Headers = GiteaHeaders(name), Body = body };
        Assert.False(GiteaSignature.Verify(request, GiteaSecret));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Verify_WrongSecret_IsInvalid(string name) =>
        Assert.False(GiteaSignature.Verify(GiteaRequest(name), "1234"));

    [Fact]
    public void Verify_TrailingNewlineAdded_IsInvalid()
    {
        var request = new InboundRequest { Method = "POST", Headers = GiteaHeaders("push"), Body = [.. GiteaBody("push"), (byte)'\n'] };
        Assert.False(GiteaSignature.Verify(request, GiteaSecret));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("sha256=cdcb287e4586ad0b44532bd3e11661b790c28c56006e5d225dec10c423ba1d7a")]
    [InlineData("cdcb287e4586ad0b44532bd3e11661b790c28c56006e5d225dec10c423ba1d7")]
    [InlineData("cdcb287e4586ad0b44532bd3e11661b790c28c56006e5d225dec10c423ba1d7a00")]
    [InlineData("zdcb287e4586ad0b44532bd3e11661b790c28c56006e5d225dec10c423ba1d7a")]
    [InlineData("not hex at all")]
    public void Verify_EmptyOrMalformedHeader_IsInvalid(string header) =>
        Assert.False(GiteaSignature.Verify(GiteaBody("push"), header, GiteaSecret));

    [Fact]
    public void Verify_UpperCaseHex_IsValid() =>
        Assert.True(GiteaSignature.Verify(GiteaBody("push"), "CDCB287E4586AD0B44532BD3E11661B790C28C56006E5D225DEC10C423BA1D7A", GiteaSecret));

    [Fact]
    public void Verify_MissingHeader_IsInvalid()
    {
        var headers = GiteaHeaders("push");
        foreach (var name in headers.Keys.Where(k => k.Contains("Signature", StringComparison.OrdinalIgnoreCase)).ToList()) headers.Remove(name);
        Assert.False(GiteaSignature.Verify(new InboundRequest { Method = "POST", Headers = headers, Body = GiteaBody("push") }, GiteaSecret));
    }

    [Fact]
    public void Verify_EmptyGiteaHeader_DoesNotFallBackToOtherHeaders()
    {
        var headers = GiteaHeaders("push");
        headers["X-Gitea-Signature"] = "";
        Assert.False(GiteaSignature.Verify(new InboundRequest { Method = "POST", Headers = headers, Body = GiteaBody("push") }, GiteaSecret));
    }

    [Fact]
    public void Verify_OnlyHubSignature256_IsValid()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Hub-Signature-256"] = "sha256=cdcb287e4586ad0b44532bd3e11661b790c28c56006e5d225dec10c423ba1d7a",
        };
        Assert.True(GiteaSignature.Verify(new InboundRequest { Method = "POST", Headers = headers, Body = GiteaBody("push") }, GiteaSecret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_EmptySecret_IsInvalid(string? secret) =>
        Assert.False(GiteaSignature.Verify(GiteaRequest("push"), secret));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Verify_FormContentType_SignsDecodedJson(string name)
    {
        var headers = GiteaHeaders(name);
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        var form = "payload=" + FormEncode(Encoding.UTF8.GetString(GiteaBody(name)));
        var request = new InboundRequest { Method = "POST", Headers = headers, Body = Encoding.UTF8.GetBytes(form) };

        Assert.True(GiteaSignature.Verify(request, GiteaSecret));
        Assert.True(GiteaSignature.TryGetSignedPayload(request, out var payload, out _));
        Assert.Equal(GiteaBody(name), payload.ToArray());
    }

    [Fact]
    public void Verify_FormSignedOverFormBody_IsInvalid()
    {
        var form = "payload=" + FormEncode(Encoding.UTF8.GetString(GiteaBody("push")));
        var headers = GiteaHeaders("push");
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        headers["X-Gitea-Signature"] = GiteaSignature.Compute(Encoding.UTF8.GetBytes(form), GiteaSecret);
        Assert.False(GiteaSignature.Verify(new InboundRequest { Method = "POST", Headers = headers, Body = Encoding.UTF8.GetBytes(form) }, GiteaSecret));
    }

    [Fact]
    public void Verify_FormWithoutPayloadField_IsInvalid()
    {
        var headers = GiteaHeaders("push");
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        var request = new InboundRequest { Method = "POST", Headers = headers, Body = "other=1"u8.ToArray() };
        Assert.False(GiteaSignature.Verify(request, GiteaSecret));
        Assert.False(GiteaSignature.TryGetSignedPayload(request, out _, out var error));
        Assert.Equal("Form body has no 'payload' field.", error);
    }

    [Fact]
    public void Verify_GetWithPayloadQuery_SignsQueryValue()
    {
        var headers = GiteaHeaders("push");
        headers.Remove("Content-Type");
        var request = new InboundRequest
        {
            Method = "GET",
            Headers = headers,
            Query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["payload"] = Encoding.UTF8.GetString(GiteaBody("push")) },
            Body = [],
        };
        Assert.True(GiteaSignature.Verify(request, GiteaSecret));
    }
}
