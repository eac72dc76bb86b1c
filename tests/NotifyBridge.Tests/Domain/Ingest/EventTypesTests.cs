using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Ingest;

namespace NotifyBridge.Tests.Domain.Ingest;

public sealed class EventTypesTests
{
    [Fact]
    public void Known_AllValidUniqueAndNamed()
    {
        Assert.All(EventTypes.Known, t => Assert.True(EventTypes.IsValid(t), t));
        Assert.Equal(EventTypes.Known.Count, EventTypes.Known.Distinct().Count());
        Assert.All(EventTypes.Known, t => Assert.NotEqual(t, EventTypes.DisplayName(t)));
    }

    [Theory]
    [InlineData("push", true)]
    [InlineData("door_open_2", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Push", false)]
    [InlineData("door-open", false)]
    [InlineData("door open", false)]
    [InlineData("é", false)]
    public void IsValid_Cases(string? value, bool expected) => Assert.Equal(expected, EventTypes.IsValid(value));

    [Fact]
    public void IsValid_LengthLimit()
    {
        Assert.True(EventTypes.IsValid(new string('a', 64)));
        Assert.False(EventTypes.IsValid(new string('a', 65)));
    }

    [Theory]
    [InlineData("Build Failed", "build_failed")]
    [InlineData("  --deploy.finished!! ", "deploy_finished")]
    [InlineData("ÄÖÜ", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Normalize_Cases(string? value, string? expected) => Assert.Equal(expected, EventTypes.Normalize(value));

    [Fact]
    public void Normalize_LongInput_CappedAndValid()
    {
        var normalized = EventTypes.Normalize(string.Join(" ", Enumerable.Repeat("word", 40)));
        Assert.True(EventTypes.IsValid(normalized));
        Assert.False(normalized!.EndsWith('_'));
    }

    [Theory]
    [InlineData("abc", 5, "abc")]
    [InlineData("abcdef", 5, "abcd…")]
    [InlineData("ab  cdef", 5, "ab…")]
    public void Truncate_Cases(string value, int max, string expected) => Assert.Equal(expected, IngestText.Truncate(value, max));

    [Fact]
    public void Truncate_DoesNotSplitSurrogatePair()
    {
        var truncated = IngestText.Truncate("abc😀def", 5);
        Assert.Equal("abc…", truncated);
    }

    [Fact]
    public void SingleLine_CollapsesWhiteSpace() => Assert.Equal("a b c", IngestText.SingleLine(" a\r\n\tb  \u0000 c "));
}
