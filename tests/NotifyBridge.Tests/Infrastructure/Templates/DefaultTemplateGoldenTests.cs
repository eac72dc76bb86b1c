using System.Text;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Settings;
using NotifyBridge.Infrastructure.Templates;
using NotifyBridge.Tests.TestSupport;

namespace NotifyBridge.Tests.Infrastructure.Templates;

/// <summary>
/// Every built-in template renders its sample subject in every shipped locale; the title,
/// fields and body are pinned in Golden/Templates/{locale}/{name}.golden.txt. The app time
/// zone is Europe/Berlin, so the samples' 09:30 UTC shows as 10:30.
/// </summary>
public sealed class DefaultTemplateGoldenTests(DefaultTemplateGoldenTests.Host host) : IClassFixture<DefaultTemplateGoldenTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public TemplateHost Templates { get; } = new();

        public async Task InitializeAsync()
        {
            await Templates.InitializeAsync();
            await Templates.SetTimeZoneAndLocaleAsync("Europe/Berlin", "en");
        }

        public Task DisposeAsync() => Templates.DisposeAsync();
    }

    public static TheoryData<string, string> EventTypesAndLocales()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in EventTypes.Known)
        foreach (var locale in AppSettings.SupportedLocales)
            data.Add(type, locale);
        return data;
    }

    public static TheoryData<string> Locales() => [.. AppSettings.SupportedLocales];

    [Theory]
    [MemberData(nameof(EventTypesAndLocales))]
    public async Task DefaultTemplate_SampleEvent_MatchesGolden(string eventType, string locale)
    {
        var message = await Render(new RenderSubject.SingleEvent(TemplateSamples.Event(eventType)), locale);
        Assert.Equal(eventType, message.EventType);
        Assert.Equal(locale, message.Locale);
        Assert.Equal([TemplateSamples.Event(eventType).Id], message.EventIds);
        GoldenFile.AssertMatches($"Templates/{locale}/{eventType}", Describe(message));
    }

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task FallbackTemplate_CustomType_MatchesGolden(string locale) =>
        GoldenFile.AssertMatches($"Templates/{locale}/_default", Describe(await Render(new RenderSubject.SingleEvent(TemplateSamples.Event("backup_finished")), locale)));

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task BatchTemplate_Burst_MatchesGolden(string locale) =>
        GoldenFile.AssertMatches($"Templates/{locale}/_batch.burst", Describe(await Render(TemplateSamples.AssetsBurst(), locale)));

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task BatchTemplate_LargeImportBySeveralPeople_MatchesGolden(string locale) =>
        GoldenFile.AssertMatches($"Templates/{locale}/_batch.import", Describe(await Render(TemplateSamples.LargeImport(), locale)));

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task BatchTemplate_PushBurst_MatchesGolden(string locale) =>
        GoldenFile.AssertMatches($"Templates/{locale}/_batch.push", Describe(await Render(TemplateSamples.PushBurst(), locale)));

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task DigestTemplate_MatchesGolden(string locale) =>
        GoldenFile.AssertMatches($"Templates/{locale}/_digest", Describe(await Render(TemplateSamples.Digest(), locale)));

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task TestTemplate_MatchesGolden(string locale) =>
        GoldenFile.AssertMatches($"Templates/{locale}/_test", Describe(await Render(new RenderSubject.Test("Family chat"), locale)));

    [Fact]
    public void EveryBuiltInName_HasADefault_InEveryLocale()
    {
        var defaults = (DefaultTemplates)host.Templates.Services.GetService(typeof(DefaultTemplates))!;
        foreach (var name in TemplateNames.BuiltIn)
        foreach (var locale in AppSettings.SupportedLocales)
        {
            Assert.True(defaults.Has(name, locale), $"{locale}/{name}.liquid is missing");
            Assert.True(defaults.Get(name, locale).IsDefault);
        }
        Assert.Equal(TemplateNames.BuiltIn.Count * AppSettings.SupportedLocales.Count, defaults.All.Count());
    }

    private Task<NotificationMessage> Render(RenderSubject subject, string locale) =>
        host.Templates.Renderer.RenderAsync(subject, LinkDisplayOptions.Default, locale, CancellationToken.None).AsTask();

    internal static string Describe(NotificationMessage message)
    {
        var text = new StringBuilder();
        text.Append("title: ").Append(message.Title).Append('\n');
        text.Append("url: ").Append(message.Url ?? "-").Append('\n');
        foreach (var field in message.Fields) text.Append("field: ").Append(field.Name).Append(" = ").Append(field.Value).Append('\n');
        foreach (var asset in message.Assets) text.Append("asset: ").Append(asset.Url).Append(asset.FileName is null ? "" : " " + asset.FileName).Append(asset.IsVideo ? " (video)" : "").Append('\n');
        text.Append("---\n").Append(message.BodyHtml).Append('\n');
        return text.ToString();
    }
}
