using System.Text.Json;
using NotifyBridge.Domain.Ingest.Generic;

namespace NotifyBridge.Tests.Domain.Ingest;

public sealed class JsonFieldPathTests
{
    private const string Payload = """
        {
          "status": "firing",
          "count": 3,
          "ratio": 1.50,
          "ok": false,
          "nothing": null,
          "alerts": [
            {"labels": {"alertname": "DiskFull", "severity": "critical"}, "values": [1, 2]},
            {"labels": {"alertname": "CpuHigh"}}
          ],
          "nested": {"a": {"b": "deep"}},
          "my.key": "dotted",
          "with space": "spaced"
        }
        """;

    [Theory]
    [InlineData("status", "firing")]
    [InlineData("$.status", "firing")]
    [InlineData(".status", "firing")]
    [InlineData("count", "3")]
    [InlineData("ratio", "1.50")]
    [InlineData("ok", "false")]
    [InlineData("alerts[0].labels.alertname", "DiskFull")]
    [InlineData("$.alerts[1].labels.alertname", "CpuHigh")]
    [InlineData("alerts[0].values[1]", "2")]
    [InlineData("alerts[0].values", "[1,2]")]
    [InlineData("nested.a", "{\"b\":\"deep\"}")]
    [InlineData("nested.a.b", "deep")]
    [InlineData("['my.key']", "dotted")]
    [InlineData("$[\"with space\"]", "spaced")]
    public void TryResolve_ExistingPath_RendersValue(string path, string expected)
    {
        using var document = JsonDocument.Parse(Payload);
        Assert.True(JsonFieldPath.TryResolve(document.RootElement, path, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("nothing")]
    [InlineData("alerts[2].labels")]
    [InlineData("alerts[0].labels.missing")]
    [InlineData("status.length")]
    [InlineData("nested[0]")]
    [InlineData("alerts.labels")]
    [InlineData("Status")]
    public void TryResolve_MissingPath_False(string path)
    {
        using var document = JsonDocument.Parse(Payload);
        Assert.False(JsonFieldPath.TryResolve(document.RootElement, path, out var value));
        Assert.Null(value);
    }

    [Fact]
    public void TryResolve_RootPath_WholeDocumentCompact()
    {
        using var document = JsonDocument.Parse("""{ "a" : [ 1 , 2 ] }""");
        Assert.True(JsonFieldPath.TryResolve(document.RootElement, "$", out var value));
        Assert.Equal("""{"a":[1,2]}""", value);
    }

    [Fact]
    public void TryResolve_ArrayRoot_IndexFirst()
    {
        using var document = JsonDocument.Parse("""[{"x":"one"}]""");
        Assert.True(JsonFieldPath.TryResolve(document.RootElement, "[0].x", out var value));
        Assert.Equal("one", value);
    }

    [Theory]
    [InlineData("", "Path is empty.")]
    [InlineData("   ", "Path is empty.")]
    [InlineData("a..b", "Empty name at position 3.")]
    [InlineData("a.", "Path ends with '.'; a name must follow.")]
    [InlineData("a[", "Unclosed '[' at position 2.")]
    [InlineData("a[0", "Unclosed '[' at position 2.")]
    [InlineData("a[x]", "Array index 'x' must be a non-negative integer (or a quoted name) at position 3.")]
    [InlineData("a[-1]", "Array index '-1' must be a non-negative integer (or a quoted name) at position 3.")]
    [InlineData("a[]", "Array index '' must be a non-negative integer (or a quoted name) at position 3.")]
    [InlineData("a]", "Unexpected ']' at position 2.")]
    [InlineData("$a", "Expected '.' or '[' after '$' at position 2.")]
    [InlineData("a b", "White space in a name (use ['name with spaces']) at position 2.")]
    [InlineData("a['x]", "Unclosed quote ' at position 3.")]
    [InlineData("a['x'", "Expected ']' after the quoted name at position 6.")]
    [InlineData("a[99999999999]", "Array index '99999999999' must be a non-negative integer (or a quoted name) at position 3.")]
    public void Validate_InvalidSyntax_ClearError(string path, string error)
    {
        Assert.Equal(error, JsonFieldPath.Validate(path));
        Assert.False(JsonFieldPath.TryParse(path, out _, out var tryError));
        Assert.Equal(error, tryError);
        var exception = Assert.Throws<FormatException>(() => JsonFieldPath.Parse(path));
        Assert.Equal(error, exception.Message);
    }

    [Fact]
    public void Validate_NullPath_Empty() => Assert.Equal("Path is empty.", JsonFieldPath.Validate(null));

    [Fact]
    public void Validate_TooManySteps_Error() =>
        Assert.Contains("more than 32 steps", JsonFieldPath.Validate(string.Join('.', Enumerable.Repeat("a", 40))), StringComparison.Ordinal);

    [Theory]
    [InlineData("a")]
    [InlineData("$")]
    [InlineData("$.a.b[0].c")]
    [InlineData("a_b-c.d1[10]")]
    [InlineData("data['x.y'][0]")]
    public void Validate_ValidPath_Null(string path) => Assert.Null(JsonFieldPath.Validate(path));

    [Fact]
    public void TryResolve_InvalidPath_Throws()
    {
        using var document = JsonDocument.Parse("{}");
        Assert.Throws<FormatException>(() => JsonFieldPath.TryResolve(document.RootElement, "a..b", out _));
    }
}
