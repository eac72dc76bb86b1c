using NotifyBridge.Domain.Notifications;

namespace NotifyBridge.Tests.Domain.Notifications;

public sealed class MessageMarkupTests
{
    // ---- plain text ----

    [Fact]
    public void ToPlainText_TagsRemoved_EntitiesDecoded()
    {
        Assert.Equal("alice pushed <2> & \"more\"", MessageMarkup.ToPlainText("<b>alice</b> pushed <i>&lt;2&gt;</i> &amp; &quot;more&quot;"));
    }

    [Theory]
    [InlineData("<a href=\"https://x.test/c\">commit</a>", "commit (https://x.test/c)")]
    [InlineData("<a href=\"https://x.test/c\">https://x.test/c</a>", "https://x.test/c")]
    [InlineData("<a href=\"https://x.test/c\"></a>", "https://x.test/c")]
    [InlineData("<a href='https://x.test/?a=1&amp;b=2'>q</a>", "q (https://x.test/?a=1&b=2)")]
    [InlineData("<a>no href</a>", "no href")]
    public void ToPlainText_Links(string html, string expected)
    {
        Assert.Equal(expected, MessageMarkup.ToPlainText(html));
    }

    [Fact]
    public void ToPlainText_BrAndNewlinesAreLineBreaks_CodeKeptVerbatim()
    {
        Assert.Equal("a\nb\nx = `1`", MessageMarkup.ToPlainText("a<br/>b\n<pre><code class=\"language-py\">x = `1`</code></pre>"));
    }

    [Theory]
    [InlineData("a < b > c", "a < b > c")]
    [InlineData("1 <3 you", "1 <3 you")]
    [InlineData("<unknown>text</unknown>", "<unknown>text</unknown>")]
    [InlineData("<b <i>x</i>", "<b x")]
    [InlineData("unclosed <b", "unclosed <b")]
    [InlineData("< b>not a tag</ b>", "< b>not a tag</ b>")]
    [InlineData("stray </b> closer", "stray  closer")]
    public void ToPlainText_MalformedMarkup_IsText(string html, string expected)
    {
        Assert.Equal(expected, MessageMarkup.ToPlainText(html));
    }

    // ---- Discord Markdown ----

    [Theory]
    [InlineData("<b>x</b>", "**x**")]
    [InlineData("<strong>x</strong>", "**x**")]
    [InlineData("<i>x</i>", "*x*")]
    [InlineData("<em>x</em>", "*x*")]
    [InlineData("<u>x</u>", "__x__")]
    [InlineData("<s>x</s>", "~~x~~")]
    [InlineData("<del>x</del>", "~~x~~")]
    [InlineData("<tg-spoiler>x</tg-spoiler>", "||x||")]
    [InlineData("<span class=\"tg-spoiler\">x</span>", "||x||")]
    [InlineData("<code>x</code>", "`x`")]
    public void ToDiscordMarkdown_Formatting(string html, string expected)
    {
        Assert.Equal(expected, MessageMarkup.ToDiscordMarkdown(html));
    }

    [Fact]
    public void ToDiscordMarkdown_EscapesMarkdownInText()
    {
        Assert.Equal(@"2 \* 3 \_x\_ \~\~s\~\~ \`c\` \|\|p\|\| \[l\](u) a\\b", MessageMarkup.ToDiscordMarkdown("2 * 3 _x_ ~~s~~ `c` ||p|| [l](u) a\\b"));
    }

    [Fact]
    public void ToDiscordMarkdown_MentionsTimestampsAndEmoji_AreEscaped()
    {
        Assert.Equal(@"\<@123> \<@&456> \<#789> \<t:1700000000:R> \<:name:1> @everyone", MessageMarkup.ToDiscordMarkdown("&lt;@123&gt; &lt;@&amp;456&gt; &lt;#789&gt; &lt;t:1700000000:R&gt; &lt;:name:1&gt; @everyone"));
    }

    [Fact]
    public void ToDiscordMarkdown_LineStartSyntax_IsEscaped_OnlyAtLineStart()
    {
        var text = "# heading\n> quote\n- item\n  -# subtext\n12. item\na # b > c - d 1. e";
        Assert.Equal("\\# heading\n\\> quote\n\\- item\n  \\-# subtext\n12\\. item\na # b > c - d 1. e", MessageMarkup.ToDiscordMarkdown(text));
    }

    [Fact]
    public void ToDiscordMarkdown_BareUrls_StayVerbatimSoTheyStillLink()
    {
        Assert.Equal(@"see https://x.test/a_b*c_ and \_this\_", MessageMarkup.ToDiscordMarkdown("see https://x.test/a_b*c_ and _this_"));
    }

    [Theory]
    [InlineData("<a href=\"https://x.test/c\">the *commit*</a>", @"[the \*commit\*](https://x.test/c)")]
    [InlineData("<a href=\"https://x.test/c\">https://x.test/c</a>", "https://x.test/c")]
    [InlineData("<a href=\"https://x.test/c\"></a>", "https://x.test/c")]
    [InlineData("<a href=\"https://x.test/a b(c)\">p</a>", "[p](https://x.test/a%20b%28c%29)")]
    [InlineData("<a href=\"mailto:a@x.test\">mail</a>", "mail")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "x")]
    [InlineData("<a>x</a>", "x")]
    [InlineData("<a href=\"https://x.test/\"><b>bold</b> link</a>", "[**bold** link](https://x.test/)")]
    public void ToDiscordMarkdown_Links(string html, string expected)
    {
        Assert.Equal(expected, MessageMarkup.ToDiscordMarkdown(html));
    }

    [Fact]
    public void ToDiscordMarkdown_CodeIsLiteral_BackticksReplaced_FormattingInsideDropped()
    {
        Assert.Equal("`a*b ˋxˋ <y>`", MessageMarkup.ToDiscordMarkdown("<code>a*b `x` <b>&lt;y&gt;</b></code>"));
    }

    [Fact]
    public void ToDiscordMarkdown_PreWithLanguage_IsFencedBlockOnItsOwnLines()
    {
        Assert.Equal("run:\n```sh\nrm -rf *\necho ˋdoneˋ\n```\nafter",
            MessageMarkup.ToDiscordMarkdown("run:<pre><code class=\"language-sh\">rm -rf *\necho `done`</code></pre>after"));
    }

    [Fact]
    public void ToDiscordMarkdown_PreWithoutLanguage_AndTemplateNewlines_NoDoubleBreaks()
    {
        Assert.Equal("a\n```\nx\n```\nb", MessageMarkup.ToDiscordMarkdown("a\n<pre>x</pre>\nb"));
    }

    [Fact]
    public void ToDiscordMarkdown_EmptyPre_AndEmptyFormatting_LeaveNothing()
    {
        Assert.Equal("ab", MessageMarkup.ToDiscordMarkdown("a<b></b><pre></pre>b"));
    }

    [Fact]
    public void ToDiscordMarkdown_Blockquote_PrefixesEveryLine_AndEndsItsBlock()
    {
        Assert.Equal("before\n> one\n> \\# two **b**\nafter", MessageMarkup.ToDiscordMarkdown("before<blockquote>one\n# two <b>b</b></blockquote>after"));
    }

    [Fact]
    public void ToDiscordMarkdown_BlockquoteEndingInANewline_LeavesNoEmptyQuoteLine()
    {
        Assert.Equal("> a\nb", MessageMarkup.ToDiscordMarkdown("<blockquote>a\n</blockquote>b"));
        Assert.Equal("> a\n\nb", MessageMarkup.ToDiscordMarkdown("<blockquote>a\n</blockquote>\nb"));
    }

    [Fact]
    public void PlainSpan_IsIgnored_InEveryFormat()
    {
        const string html = "<span>x</span> <span class=\"other\">y</span>";
        Assert.Equal("x y", MessageMarkup.ToPlainText(html));
        Assert.Equal("x y", MessageMarkup.ToDiscordMarkdown(html));
        Assert.Equal("x y", MessageMarkup.ToMatrixHtml(html));
        Assert.Equal("<span data-mx-spoiler>s</span>", MessageMarkup.ToMatrixHtml("<span class=\"tg-spoiler\">s</span>"));
    }

    [Fact]
    public void ToDiscordMarkdown_NestedTags()
    {
        Assert.Equal("***__x__***", MessageMarkup.ToDiscordMarkdown("<b><i><u>x</u></i></b>"));
    }

    [Theory]
    [InlineData("<b>open", "**open**")]
    [InlineData("close</b> only", "close only")]
    [InlineData("<b>x<i>y</b>z</i>", "**x*y***z")]
    [InlineData("<b>a<b>b</b>c</b>", "**abc**")]
    [InlineData("<a href=\"https://a.test/\">x<a href=\"https://b.test/\">y</a>z</a>", "[xyz](https://a.test/)")]
    public void ToDiscordMarkdown_UnbalancedTags_AreBalanced(string html, string expected)
    {
        Assert.Equal(expected, MessageMarkup.ToDiscordMarkdown(html));
    }

    [Theory]
    [InlineData("a < b > c", @"a \< b > c")]
    [InlineData("<unknown>x</unknown>", @"\<unknown>x\</unknown>")]
    [InlineData("x <b", @"x \<b")]
    public void ToDiscordMarkdown_MalformedMarkup_IsEscapedText(string html, string expected)
    {
        Assert.Equal(expected, MessageMarkup.ToDiscordMarkdown(html));
    }

    // ---- Matrix HTML ----

    [Fact]
    public void ToMatrixHtml_NormalisesTags_AndNewlinesBecomeBr()
    {
        Assert.Equal("<b>a</b> <i>b</i> <u>c</u> <s>d</s> <span data-mx-spoiler>e</span><br>f<br>g",
            MessageMarkup.ToMatrixHtml("<strong>a</strong> <em>b</em> <ins>c</ins> <strike>d</strike> <tg-spoiler>e</tg-spoiler>\nf<br>g"));
    }

    [Fact]
    public void ToMatrixHtml_TextReescaped_AttributesDropped()
    {
        Assert.Equal("&lt;script&gt;x&lt;/script&gt; &amp; <b>y</b> &quot;q&quot;",
            MessageMarkup.ToMatrixHtml("&lt;script&gt;x&lt;/script&gt; &amp; <b onclick=\"evil()\">y</b> \"q\""));
    }

    [Theory]
    [InlineData("<a href=\"https://x.test/?a=1&amp;b=2\">q</a>", "<a href=\"https://x.test/?a=1&amp;b=2\">q</a>")]
    [InlineData("<a href=\"mailto:a@x.test\">m</a>", "<a href=\"mailto:a@x.test\">m</a>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "x")]
    [InlineData("<a href=\"https://x.test/&quot;onmouseover=&quot;\">x</a>", "<a href=\"https://x.test/&quot;onmouseover=&quot;\">x</a>")]
    public void ToMatrixHtml_Links_OnlyWebAndMail_HrefEscaped(string html, string expected)
    {
        Assert.Equal(expected, MessageMarkup.ToMatrixHtml(html));
    }

    [Fact]
    public void ToMatrixHtml_PreKeepsNewlines_LanguageClassKept_BlockEndSwallowsOneNewline()
    {
        Assert.Equal("<pre><code class=\"language-sh\">a\nb &lt;c&gt;</code></pre>d<blockquote>q<br>r</blockquote>e",
            MessageMarkup.ToMatrixHtml("<pre><code class=\"language-sh\">a\nb &lt;c&gt;</code></pre>\nd<blockquote>q\nr</blockquote>\ne"));
    }

    [Fact]
    public void ToMatrixHtml_UnbalancedAndMalformed_IsWellFormed()
    {
        Assert.Equal("<b>x<i>y</i></b>z &lt;unknown&gt; a &lt; b", MessageMarkup.ToMatrixHtml("<b>x<i>y</b>z</i> <unknown> a < b"));
    }

    [Fact]
    public void ToMatrixHtml_UnsafeLanguageClass_IsDropped()
    {
        Assert.Equal("<code>x</code>", MessageMarkup.ToMatrixHtml("<code class=\"language-a&quot;onclick\">x</code>"));
    }
}
