using NotifyBridge.Domain.Common;

namespace NotifyBridge.Tests.Domain;

public sealed class SlugsTests
{
    [Fact]
    public void NewRandom_IsUrlSafeAndUnique()
    {
        var slugs = Enumerable.Range(0, 1000).Select(_ => Slugs.NewRandom()).ToList();
        Assert.All(slugs, s => Assert.Matches("^[a-z2-9]{24}$", s));
        Assert.Equal(1000, slugs.Distinct().Count());
    }

    [Fact]
    public void NewSecret_Is256BitHex() => Assert.Matches("^[0-9a-f]{64}$", Slugs.NewSecret());
}
