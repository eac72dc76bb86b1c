using System.Text;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Infrastructure.Notifiers.Matrix;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Matrix;

public sealed class MatrixMessageContentTests
{
    [Fact]
    public void From_TitleBoldLinkedToTheUrl_ThenBody_PlainAndHtml()
    {
        var content = MatrixMessageContent.From(NotifierSamples.Plain("Deploy <prod>", "<b>done</b> &amp; dusted\nline 2") with { Url = "https://ci.example.com/1?a=1&b=2" });

        Assert.Equal("m.text", content.MsgType);
        Assert.Equal("org.matrix.custom.html", content.Format);
        Assert.Equal("Deploy <prod> (https://ci.example.com/1?a=1&b=2)\ndone & dusted\nline 2", content.Body);
        Assert.Equal("<b><a href=\"https://ci.example.com/1?a=1&amp;b=2\">Deploy &lt;prod&gt;</a></b><br><b>done</b> &amp; dusted<br>line 2", content.FormattedBody);
    }

    [Fact]
    public void From_NoUrl_TitleIsJustBold_EmptyBodyAddsNothing()
    {
        var content = MatrixMessageContent.From(NotifierSamples.Plain("Only a title", "  \n"));
        Assert.Equal("Only a title", content.Body);
        Assert.Equal("<b>Only a title</b>", content.FormattedBody);
    }

    [Fact]
    public void From_FieldsAsLines_AssetsAsLinks()
    {
        var message = NotifierSamples.Plain("T", "") with
        {
            Fields = [new MessageField("Branch", "main <x>"), new MessageField("By", "alice & bob")],
            Assets = [new MessageAsset("https://p.example.com/1.jpg", "1.jpg", "Beach"), new MessageAsset("https://p.example.com/2.jpg", "2.jpg"), new MessageAsset("file:///x")],
        };
        var content = MatrixMessageContent.From(message);
        Assert.Equal("T\nBranch: main <x>\nBy: alice & bob\nBeach (https://p.example.com/1.jpg)\n2.jpg (https://p.example.com/2.jpg)", content.Body);
        Assert.Equal("<b>T</b><br><b>Branch</b>: main &lt;x&gt;<br><b>By</b>: alice &amp; bob<br><a href=\"https://p.example.com/1.jpg\">Beach</a><br><a href=\"https://p.example.com/2.jpg\">2.jpg</a>",
            content.FormattedBody);
    }

    [Fact]
    public void From_SpoilerBecomesMatrixSpoiler()
    {
        Assert.Equal("<b>T</b><br><span data-mx-spoiler>secret</span>", MatrixMessageContent.From(NotifierSamples.Plain("T", "<tg-spoiler>secret</tg-spoiler>")).FormattedBody);
    }

    [Fact]
    public void From_TooLargeForAnEvent_SendsACutPlainBodyOnly()
    {
        var content = MatrixMessageContent.From(NotifierSamples.Plain("T", string.Concat(Enumerable.Repeat("<b>ü</b>\n", 20_000))));
        Assert.Null(content.Format);
        Assert.Null(content.FormattedBody);
        Assert.True(Encoding.UTF8.GetByteCount(content.Body) <= MatrixMessageContent.MaxContentBytes);
        Assert.EndsWith("…", content.Body, StringComparison.Ordinal);
        Assert.StartsWith("T\nü\nü\n", content.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_HasTheSpecKeys_NoNulls()
    {
        Assert.Equal("""{"msgtype":"m.text","body":"T","format":"org.matrix.custom.html","formatted_body":"<b>T</b>","m.mentions":{}}""",
            MatrixMessageContent.From(NotifierSamples.Plain("T", "")).ToJson());
        Assert.Equal("""{"msgtype":"m.text","body":"x","m.mentions":{}}""", new MatrixMessageContent("m.text", "x", null, null).ToJson());
    }
}
