using System.Text;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Tests.TestSupport.Fakes.Telegram;

namespace NotifyBridge.Tests.Domain.Notifications;

public sealed class TelegramTextSplitterTests
{
    [Fact]
    public void Split_TextWithinLimit_IsOnePartUnchanged()
    {
        Assert.Equal(["<b>Hi</b>\n\nall good"], TelegramTextSplitter.Split("<b>Hi</b>\n\nall good"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\n ")]
    [InlineData("<b>\n</b>")]
    public void Split_NothingVisible_ReturnsNoPart(string html)
    {
        Assert.Empty(TelegramTextSplitter.Split(html, 5));
    }

    [Fact]
    public void Split_ExactlyAtLimit_IsOnePart()
    {
        var html = new string('a', 4096);
        Assert.Equal([html], TelegramTextSplitter.Split(html));
    }

    [Fact]
    public void Split_OneOverLimit_IsTwoParts()
    {
        var parts = TelegramTextSplitter.Split(new string('a', 4097));
        Assert.Equal([4096, 1], parts.Select(p => p.Length));
    }

    [Fact]
    public void Split_Lines_CutsAtTheLastLineBreakThatFits_AndDropsIt()
    {
        // 9 + 1 + 9 = 19 fits 20; the third line does not.
        var parts = TelegramTextSplitter.Split("line one!\nline two!\nline 3!!!", 20);
        Assert.Equal(["line one!\nline two!", "line 3!!!"], parts);
    }

    [Fact]
    public void Split_BlankLinesAtACut_DoNotStartTheNextPart()
    {
        var parts = TelegramTextSplitter.Split("first part\n\n\nsecond part", 12);
        Assert.Equal(["first part", "second part"], parts);
    }

    [Fact]
    public void Split_LineLongerThanLimit_CutsAtAWordBoundary()
    {
        var parts = TelegramTextSplitter.Split("alpha beta gamma delta", 12);
        Assert.Equal(["alpha beta", "gamma delta"], parts);
    }

    [Fact]
    public void Split_PrefersALineBreakOverALaterSpace()
    {
        var parts = TelegramTextSplitter.Split("ab\ncd ef gh ij", 12);
        Assert.Equal(["ab", "cd ef gh ij"], parts);
    }

    [Fact]
    public void Split_WordLongerThanLimit_IsHardSplit()
    {
        var parts = TelegramTextSplitter.Split("0123456789abcdefghij", 8);
        Assert.Equal(["01234567", "89abcdef", "ghij"], parts);
    }

    [Fact]
    public void Split_NeverCutsInsideAnEntity()
    {
        // A hard cut at 6 would fall inside "&amp;"; it moves before it.
        var parts = TelegramTextSplitter.Split("abcd&amp;efgh", 6);
        Assert.Equal(["abcd", "&amp;e", "fgh"], parts);
        Assert.All(parts, p => FakeTelegramHtml.Parse(p));
    }

    [Theory]
    [InlineData("&#128512;")]
    [InlineData("&#x1F600;")]
    [InlineData("&quot;")]
    public void Split_NumericAndNamedEntities_AreAtomic(string entity)
    {
        var parts = TelegramTextSplitter.Split("ab" + entity + entity + "cd", entity.Length + 2);
        Assert.All(parts, p => Assert.DoesNotContain("&", p.Replace(entity, "", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.Equal("ab" + entity + entity + "cd", string.Concat(parts));
    }

    [Fact]
    public void Split_NeverCutsASurrogatePair()
    {
        var parts = TelegramTextSplitter.Split("a😀😀😀", 4);
        Assert.Equal(["a😀", "😀😀"], parts);
    }

    [Fact]
    public void Split_NeverCutsInsideATag()
    {
        var html = "see <a href=\"https://example.com/x\">here</a> now";
        var parts = TelegramTextSplitter.Split(html, 45);
        Assert.All(parts, p => Assert.True(p.Length <= 45, p));
        Assert.All(parts, p => FakeTelegramHtml.Parse(p));
        Assert.Contains(parts, p => p.Contains("<a href=\"https://example.com/x\">", StringComparison.Ordinal));
    }

    [Fact]
    public void Split_TagSpanningACut_IsClosedAndReopened()
    {
        var parts = TelegramTextSplitter.Split("<b>line one\nline two</b>", 17);
        Assert.Equal(["<b>line one</b>", "<b>line two</b>"], parts);
    }

    [Fact]
    public void Split_NestedTagsWithAttributes_AreReopenedInOrder()
    {
        var html = "<blockquote><a href=\"https://x.test/?a=1&amp;b=2\">first line\nsecond line</a></blockquote>";
        var parts = TelegramTextSplitter.Split(html, 80);
        Assert.Equal(
        [
            "<blockquote><a href=\"https://x.test/?a=1&amp;b=2\">first line</a></blockquote>",
            "<blockquote><a href=\"https://x.test/?a=1&amp;b=2\">second line</a></blockquote>",
        ], parts);
    }

    [Fact]
    public void Split_PreBlock_KeepsCodeLanguageOnBothParts()
    {
        var html = "<pre><code class=\"language-csharp\">var a = 1;\nvar b = 2;</code></pre>";
        var parts = TelegramTextSplitter.Split(html, 60);
        Assert.Equal(
        [
            "<pre><code class=\"language-csharp\">var a = 1;</code></pre>",
            "<pre><code class=\"language-csharp\">var b = 2;</code></pre>",
        ], parts);
    }

    [Fact]
    public void Split_DoesNotLeaveAnEmptyElementBehind()
    {
        // Cutting at the newline right after <pre> would end part one with "<pre></pre>".
        var parts = TelegramTextSplitter.Split("intro text\n<pre>\ncode line\nmore code</pre>", 34);
        Assert.DoesNotContain(parts, p => p.Contains("<pre></pre>", StringComparison.Ordinal));
        Assert.All(parts, p => FakeTelegramHtml.Parse(p));
    }

    [Fact]
    public void Split_ClosingTagsCountTowardsTheLimit()
    {
        var parts = TelegramTextSplitter.Split("<b>aaaa bbbb cccc</b>", 14);
        Assert.All(parts, p => Assert.True(p.Length <= 14, p));
        Assert.Equal(["<b>aaaa</b>", "<b>bbbb</b>", "<b>cccc</b>"], parts);
    }

    [Fact]
    public void Split_StrayClosingTag_IsKeptAsIs()
    {
        // Not valid Telegram HTML, but the splitter must neither crash nor invent tags.
        var parts = TelegramTextSplitter.Split("abc</b> def", 100);
        Assert.Equal(["abc</b> def"], parts);
    }

    [Fact]
    public void Split_TagLongerThanLimit_StillMakesProgress()
    {
        var parts = TelegramTextSplitter.Split("<a href=\"https://example.com/a/very/long/path\">x</a>", 10);
        Assert.NotEmpty(parts);
        Assert.Contains("x", string.Concat(parts), StringComparison.Ordinal);
    }

    [Fact]
    public void Split_RealisticLongMessage_EveryPartFitsTelegramAndParses()
    {
        var html = new StringBuilder("<b>Release v1.2.3</b>\n\n");
        for (var i = 0; i < 400; i++) html.Append("• <code>abc").Append(i).Append("</code> fixed <i>thing &amp; other</i> in <a href=\"https://git.test/c/").Append(i).Append("\">commit</a>\n");
        var parts = TelegramTextSplitter.Split(html.ToString());

        Assert.True(parts.Count > 1);
        Assert.All(parts, p =>
        {
            Assert.True(p.Length <= TelegramTextSplitter.MessageLimit);
            Assert.True(FakeTelegramHtml.Parse(p).Text.Length <= TelegramTextSplitter.MessageLimit);
        });
        Assert.Equal(Visible(html.ToString()), string.Join("\n", parts.Select(Visible)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Split_RandomDocuments_PartsFitParseAndKeepAllText(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 40; round++)
        {
            var html = RandomHtml(random, random.Next(50, 600));
            // Above the deepest reopen overhead the generator makes (three tags and a link: about 80).
            var limit = random.Next(120, 400);
            var parts = TelegramTextSplitter.Split(html, limit);

            Assert.All(parts, p =>
            {
                Assert.True(p.Length <= limit, $"{p.Length} > {limit}: {p}");
                FakeTelegramHtml.Parse(p);
            });
            // Only the newlines and spaces cut at are gone.
            Assert.Equal(Squeeze(FakeTelegramHtml.Parse(html).Text), Squeeze(string.Concat(parts.Select(p => FakeTelegramHtml.Parse(p).Text))));
        }
    }

    [Fact]
    public void Measure_CountsRawUtf16CodeUnits()
    {
        Assert.Equal(13, TelegramTextSplitter.Measure("<b>a&amp;</b>"));
        Assert.Equal(2, TelegramTextSplitter.Measure("😀"));
        Assert.True(TelegramTextSplitter.Fits(new string('x', 1024), TelegramTextSplitter.CaptionLimit));
        Assert.False(TelegramTextSplitter.Fits(new string('x', 1025), TelegramTextSplitter.CaptionLimit));
    }

    private static string Visible(string html) => FakeTelegramHtml.Parse(html).Text;

    private static string Squeeze(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static string RandomHtml(Random random, int atoms)
    {
        string[] words = ["alpha", "beta", "gamma", "&amp;", "&lt;x&gt;", "😀", "delta", "&quot;q&quot;", "epsilon", "z"];
        string[] tags = ["b", "i", "u", "s", "code", "blockquote", "a"];
        var html = new StringBuilder();
        var open = new Stack<string>();
        for (var i = 0; i < atoms; i++)
        {
            var roll = random.Next(100);
            if (roll < 8 && open.Count < 3)
            {
                var tag = tags[random.Next(tags.Length)];
                if (open.Contains(tag) || (open.Contains("code") && tag != "code")) continue;
                html.Append(tag == "a" ? "<a href=\"https://t.test/" + i + "\">" : "<" + tag + ">");
                open.Push(tag);
            }
            else if (roll < 16 && open.Count > 0) html.Append("</").Append(open.Pop()).Append('>');
            else if (roll < 26) html.Append('\n');
            else if (roll < 30) html.Append(new string('x', random.Next(20, 90)));
            else html.Append(words[random.Next(words.Length)]).Append(' ');
        }
        while (open.Count > 0) html.Append("</").Append(open.Pop()).Append('>');
        return html.ToString();
    }
}
