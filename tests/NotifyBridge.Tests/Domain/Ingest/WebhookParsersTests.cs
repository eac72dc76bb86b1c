using NotifyBridge.Domain.Ingest;
using NotifyBridge.Domain.Ingest.Generic;
using NotifyBridge.Domain.Ingest.Gitea;
using NotifyBridge.Domain.Ingest.HomeAssistant;
using NotifyBridge.Domain.Providers;

namespace NotifyBridge.Tests.Domain.Ingest;

public sealed class WebhookParsersTests
{
    [Theory]
    [InlineData(ProviderType.Gitea, typeof(GiteaWebhookParser))]
    [InlineData(ProviderType.HomeAssistant, typeof(HomeAssistantWebhookParser))]
    [InlineData(ProviderType.GenericWebhook, typeof(GenericWebhookParser))]
    public void For_WebhookProvider_ParserOfThatType(ProviderType type, Type parserType)
    {
        var parser = WebhookParsers.For(type);
        Assert.IsType(parserType, parser);
        Assert.Equal(type, parser.ProviderType);
        Assert.Same(parser, WebhookParsers.For(type));
    }

    [Fact]
    public void For_Immich_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookParsers.For(ProviderType.Immich));
        Assert.False(WebhookParsers.TryGet(ProviderType.Immich, out _));
    }

    [Fact]
    public void All_CoversEveryWebhookProvider() =>
        Assert.Equal(
            Enum.GetValues<ProviderType>().Where(t => t.ReceivesWebhooks()).Order(),
            WebhookParsers.All.Select(p => p.ProviderType).Order());
}
