using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Templates;
using NotifyBridge.Infrastructure.Persistence;
using NotifyBridge.Infrastructure.Templates;

namespace NotifyBridge.Tests.Infrastructure.Templates;

/// <summary>Overrides over the defaults: validation at save, versions, reset, cache invalidation. A fresh database per test.</summary>
public sealed class TemplateServiceTests : IAsyncLifetime
{
    private readonly TemplateHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private async Task<int> StoredRowsAsync()
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync();
        return await db.MessageTemplates.CountAsync();
    }

    [Fact]
    public async Task Save_TemplateThatDoesNotParse_IsAValidationErrorWithLineInfo_AndNothingIsStored()
    {
        var error = await Assert.ThrowsAsync<TemplateValidationException>(() =>
            _host.Templates.SaveAsync(EventTypes.Push, "en", "<b>{{ event.actor }}</b>\npushed {{ event.details.branch ", CancellationToken.None));

        Assert.Equal(2, error.Error!.Line);
        Assert.NotNull(error.Error.Column);
        Assert.StartsWith("Line 2, column ", error.Errors["body"], StringComparison.Ordinal);
        Assert.Equal(0, await StoredRowsAsync());
        Assert.True((await _host.Templates.GetAsync(EventTypes.Push, "en", CancellationToken.None)).IsDefault);
    }

    [Fact]
    public async Task Save_TemplateThatFailsOnTheSample_IsAValidationError_AndNothingIsStored()
    {
        var error = await Assert.ThrowsAsync<TemplateValidationException>(() =>
            _host.Templates.SaveAsync(EventTypes.Push, "en", "{{ event.assets_count | divided_by: 0 }}", CancellationToken.None));

        Assert.Null(error.Error!.Line);
        Assert.Contains("Rendering the sample failed", error.Errors["body"], StringComparison.Ordinal);
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task Save_IncrementsTheVersion_AndResetDeletesTheRow()
    {
        var first = await _host.Templates.SaveAsync(EventTypes.Push, "de", "Push v1 {{ event.actor }}", CancellationToken.None);
        Assert.False(first.IsDefault);
        Assert.Equal(1, first.Version);
        Assert.Equal(TemplateSamples.At, first.UpdatedAt);

        var second = await _host.Templates.SaveAsync(EventTypes.Push, "de", "Push v2 {{ event.actor }}", CancellationToken.None);
        Assert.Equal(2, second.Version);
        Assert.Equal("Push v2 {{ event.actor }}", second.Body);
        Assert.NotEqual(second.Body, second.DefaultBody);
        Assert.Equal(1, await StoredRowsAsync());

        Assert.True(await _host.Templates.ResetToDefaultAsync(EventTypes.Push, "de", CancellationToken.None));
        Assert.False(await _host.Templates.ResetToDefaultAsync(EventTypes.Push, "de", CancellationToken.None));
        var reset = await _host.Templates.GetAsync(EventTypes.Push, "de", CancellationToken.None);
        Assert.True(reset.IsDefault);
        Assert.Equal(reset.DefaultBody, reset.Body);
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task Save_ReplacesTheDefaultInRendering_AndInvalidatesCachedMessages()
    {
        var entry = TemplateSamples.Event(EventTypes.Push);
        var before = await _host.Renderer.RenderAsync(new RenderSubject.SingleEvent(entry), LinkDisplayOptions.Default, "en", CancellationToken.None);
        Assert.StartsWith("<b>alice</b> pushed 3 commits", before.BodyHtml, StringComparison.Ordinal);

        await _host.Templates.SaveAsync(EventTypes.Push, "en", "{% assign title = 'Custom' %}Custom push by <i>{{ event.actor }}</i>", CancellationToken.None);
        var custom = await _host.Renderer.RenderAsync(new RenderSubject.SingleEvent(entry), LinkDisplayOptions.Default, "en", CancellationToken.None);
        Assert.Equal("Custom push by <i>alice</i>", custom.BodyHtml);
        Assert.Equal("Custom", custom.Title);

        // Reset, then a new first version: the same version number as before, yet not the old cached message.
        await _host.Templates.ResetToDefaultAsync(EventTypes.Push, "en", CancellationToken.None);
        Assert.Equal(before.BodyHtml, (await _host.Renderer.RenderAsync(new RenderSubject.SingleEvent(entry), LinkDisplayOptions.Default, "en", CancellationToken.None)).BodyHtml);
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await _host.Templates.SaveAsync(EventTypes.Push, "en", "Second custom", CancellationToken.None);
        Assert.Equal("Second custom", (await _host.Renderer.RenderAsync(new RenderSubject.SingleEvent(entry), LinkDisplayOptions.Default, "en", CancellationToken.None)).BodyHtml);
    }

    [Fact]
    public async Task Overrides_AreReadOnce_AndServedFromMemory()
    {
        await _host.Templates.SaveAsync(EventTypes.IssueOpened, "en", "Issue!", CancellationToken.None);
        await using (var db = await _host.Services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync())
            await db.MessageTemplates.ExecuteUpdateAsync(s => s.SetProperty(t => t.Body, "changed behind the service's back"));

        var resolved = await _host.Templates.ResolveAsync(EventTypes.IssueOpened, "en", CancellationToken.None);
        Assert.Equal("Issue!", resolved.Body);
    }

    [Fact]
    public async Task StoredRowThatDoesNotParse_IsIgnored_AndTheDefaultIsUsed()
    {
        await using (var db = await _host.Services.GetRequiredService<IDbContextFactory<NotifyBridgeDbContext>>().CreateDbContextAsync())
        {
            db.MessageTemplates.Add(new MessageTemplate { EventType = EventTypes.Push, Locale = "en", Body = "{% if %}", UpdatedAt = TemplateSamples.At });
            await db.SaveChangesAsync();
        }
        var resolved = await _host.Templates.ResolveAsync(EventTypes.Push, "en", CancellationToken.None);
        Assert.True(resolved.IsDefault);
    }

    [Fact]
    public async Task CustomType_UsesTheFallback_UntilItGetsATemplateOfItsOwn_AndIsListedThen()
    {
        var before = await _host.Templates.GetAsync("backup_finished", "en", CancellationToken.None);
        Assert.True(before.IsDefault);
        Assert.Equal((await _host.Templates.GetAsync(TemplateNames.Fallback, "en", CancellationToken.None)).Body, before.Body);
        Assert.DoesNotContain(await _host.Templates.ListAsync(CancellationToken.None), t => t.Name == "backup_finished");

        await _host.Templates.SaveAsync("backup_finished", "en", "Backup: {{ event.summary }}", CancellationToken.None);
        var list = await _host.Templates.ListAsync(CancellationToken.None);
        Assert.Contains(list, t => t is { Name: "backup_finished", Locale: "en", IsDefault: false, Version: 1 });
        Assert.Contains(list, t => t is { Name: "backup_finished", Locale: "de", IsDefault: true });
        Assert.Equal((TemplateNames.BuiltIn.Count + 1) * 2, list.Count);
    }

    [Theory]
    [InlineData("Push", "en", "eventType")]
    [InlineData("_secret", "en", "eventType")]
    [InlineData("push", "fr", "locale")]
    [InlineData("push", "EN", "locale")]
    public async Task BadNameOrLocale_IsAValidationError(string name, string locale, string field)
    {
        var error = await Assert.ThrowsAsync<TemplateValidationException>(() => _host.Templates.SaveAsync(name, locale, "x", CancellationToken.None));
        Assert.True(error.Errors.ContainsKey(field));
        Assert.Equal(0, await StoredRowsAsync());
    }

    [Fact]
    public async Task Save_EmptyBody_IsAValidationError()
    {
        var error = await Assert.ThrowsAsync<TemplateValidationException>(() => _host.Templates.SaveAsync(EventTypes.Push, "en", "  \n", CancellationToken.None));
        Assert.Contains("empty", error.Errors["body"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpecialTemplates_AreTestRenderedAgainstTheirOwnSamples()
    {
        // Batch and digest templates see 'batch', not 'event': a body that divides by the event count fails only there.
        var batchError = await Assert.ThrowsAsync<TemplateValidationException>(() =>
            _host.Templates.SaveAsync(TemplateNames.Batch, "en", "{{ 10 | divided_by: batch.missing }}", CancellationToken.None));
        Assert.Contains("Rendering the sample failed", batchError.Errors["body"], StringComparison.Ordinal);

        var saved = await _host.Templates.SaveAsync(TemplateNames.Test, "en", "Test for {{ test.target_name }}", CancellationToken.None);
        Assert.Equal(1, saved.Version);
    }
}
