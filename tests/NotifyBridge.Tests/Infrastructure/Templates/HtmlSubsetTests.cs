using NotifyBridge.Infrastructure.Templates;

namespace NotifyBridge.Tests.Infrastructure.Templates;

public sealed class HtmlSubsetTests
{
    [Theory]
    [InlineData("<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <code>c</code>", "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <code>c</code>")]
    [InlineData("<div>block</div>", "&lt;div&gt;block&lt;/div&gt;")]
    [InlineData("<b>unclosed", "<b>unclosed</b>")]
    [InlineData("stray</b> end", "stray end")]
    [InlineData("<b><i>crossed</b></i>", "<b><i>crossed</i></b>")]
    [InlineData("a<br>b<br/>c", "a\nb\nc")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "x")]
    [InlineData("<a href='https://example.com/?a=1&amp;b=2'>x</a>", "<a href=\"https://example.com/?a=1&amp;b=2\">x</a>")]
    [InlineData("<a href=\"https://a.example\"><a href=\"https://b.example\">in</a></a>", "<a href=\"https://a.example\">in</a>")]
    [InlineData("<code><b>no entities in code</b></code>", "<code>no entities in code</code>")]
    [InlineData("<pre><code class=\"language-csharp\">var x;</code></pre>", "<pre><code class=\"language-csharp\">var x;</code></pre>")]
    [InlineData("<blockquote><blockquote>q</blockquote></blockquote>", "<blockquote>q</blockquote>")]
    [InlineData("1 < 2 && 3 > 2", "1 &lt; 2 &amp;&amp; 3 &gt; 2")]
    [InlineData("&#x27;&#xFC;&#x1F600;&nbsp;&copy;&lt;", "'ü😀\u00a0©&lt;")]
    [InlineData("a\r\nb\u0000c", "a\nbc")]
    public void Sanitize_KeepsTheSubset_AndEscapesTheRest(string input, string expected)
    {
        Assert.Equal(expected, HtmlSubset.Sanitize(input));
        Assert.Equal(expected, HtmlSubset.Sanitize(expected));
    }

    [Fact]
    public void ToSafeHtml_OpensLinksInANewTabWithoutReferrer()
    {
        Assert.Equal("<a target=\"_blank\" rel=\"noopener noreferrer nofollow\" href=\"https://x.example\">x</a> &lt;script&gt;",
            HtmlSubset.ToSafeHtml("<a href=\"https://x.example\" onclick=\"evil()\">x</a> <script>"));
    }

    [Fact]
    public void CutAtLine_CutsAtTheLastLineBreak()
    {
        Assert.Equal("aaaa\nbbbb\n…", HtmlSubset.CutAtLine("aaaa\nbbbb\ncccc", 12));
        Assert.Equal("short", HtmlSubset.CutAtLine("short", 12));
    }
}
