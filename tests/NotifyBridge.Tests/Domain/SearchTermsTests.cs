using NotifyBridge.Domain.Events;

namespace NotifyBridge.Tests.Domain;

public sealed class SearchTermsTests
{
    [Fact]
    public void Words_KeepLettersAndDigits_LowerCased_Distinct()
    {
        Assert.Equal(["harbour", "sunset", "or", "2026"], SearchTerms.Words("  Harbour \"sunset\" OR harbour* 2026 "));
        Assert.Equal(["café", "straße"], SearchTerms.Words("Café Straße"));
        Assert.Empty(SearchTerms.Words("  ***  ( ) \" "));
        Assert.Empty(SearchTerms.Words(null));
    }

    [Fact]
    public void Words_AreCapped()
    {
        Assert.Equal(SearchTerms.MaxWords, SearchTerms.Words(string.Join(' ', Enumerable.Range(0, 20).Select(i => $"w{i}"))).Count);
    }

    [Fact]
    public void Queries_QuoteEveryWord_NoSyntaxGetsThrough()
    {
        var words = SearchTerms.Words("Trip NEAR(photos) AND -x");
        Assert.Equal("\"trip\" \"near\" \"photos\" \"and\" \"x\"", SearchTerms.ToFts5(words));
        Assert.Equal("trip & near & photos & and & x", SearchTerms.ToTsQuery(words));
    }
}
