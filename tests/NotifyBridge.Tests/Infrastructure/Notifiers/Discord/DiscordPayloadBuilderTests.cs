using System.Text.Json.Nodes;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers.Discord;
using NotifyBridge.Tests.TestSupport.Fakes.Discord;

namespace NotifyBridge.Tests.Infrastructure.Notifiers.Discord;

/// <summary>The payload builder keeps every Discord limit; each payload is also checked by the fake's rules.</summary>
public sealed class DiscordPayloadBuilderTests
{
    private static readonly DiscordTargetSettings NoOverrides = new();

    private static DiscordWebhookPayload Build(NotificationMessage message, DiscordTargetSettings? settings = null)
    {
        var payload = DiscordPayloadBuilder.Build(message, settings ?? NoOverrides);
        var errors = FakeDiscordValidation.Validate((JsonObject)JsonNode.Parse(payload.ToJson())!);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        Assert.True(payload.EmbedCharacters <= DiscordLimits.EmbedTotal);
        Assert.True(payload.Embeds.Count <= DiscordLimits.EmbedsPerMessage);
        return payload;
    }

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    [Fact]
    public void Build_ShortBody_GoesToContent_CardHasTitleUrlColourFieldsAndImage()
    {
        var payload = Build(NotifierSamples.Representative());

        Assert.StartsWith("**alice** pushed to [main](https://git.example.com/org/repo/src/branch/main):", payload.Content, StringComparison.Ordinal);
        var card = payload.Embeds[0];
        Assert.Equal("[org/repo] 2 new commits on main <script> & \"quotes\" @everyone", card.Title);
        Assert.Equal("https://git.example.com/org/repo/compare/9836a96...4522cbc", card.Url);
        Assert.Null(card.Description);
        Assert.Equal(0xE67E22, card.Color);
        Assert.Equal(["Repository", "Branch", "Commits", "Pusher \\<alice>"], card.Fields!.Select(f => f.Name));
        Assert.Equal("feature\\_\\*x\\*\\|y", card.Fields![1].Value);
        Assert.False(card.Fields[3].Inline);
        Assert.Equal("https://photos.example.com/api/assets/1/thumbnail.jpg", card.Image!.Url);
    }

    [Fact]
    public void Build_AllowedMentionsParseNothing()
    {
        var payload = Build(NotifierSamples.Representative());
        Assert.Empty(payload.AllowedMentions.Parse);
        Assert.Contains("\"allowed_mentions\":{\"parse\":[]}", payload.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BodyOfExactly2000_StaysInContent()
    {
        var payload = Build(NotifierSamples.Plain(bodyHtml: new string('a', 2000)));
        Assert.Equal(2000, payload.Content!.Length);
        Assert.Null(payload.Embeds[0].Description);
    }

    [Fact]
    public void Build_BodyOver2000_MovesWholeToTheDescription()
    {
        var body = new string('a', 2001);
        var payload = Build(NotifierSamples.Plain(bodyHtml: body));
        Assert.Null(payload.Content);
        Assert.Equal(body, payload.Embeds[0].Description);
    }

    [Fact]
    public void Build_MarkdownLongerThanTheText_CountsTheMarkdown()
    {
        // 1000 escaped asterisks are 2000 characters of Markdown: still content; one more and it moves.
        Assert.Equal(2000, Build(NotifierSamples.Plain(bodyHtml: new string('*', 1000))).Content!.Length);
        Assert.Null(Build(NotifierSamples.Plain(bodyHtml: new string('*', 1001))).Content);
    }

    [Fact]
    public void Build_BodyOver4096_DescriptionCutAtALineBreakWithEllipsis()
    {
        var lines = Enumerable.Range(0, 100).Select(i => $"line {i:D3} " + new string('x', 40)).ToList();
        var payload = Build(NotifierSamples.Plain(bodyHtml: string.Join('\n', lines)));
        var description = payload.Embeds[0].Description!;
        Assert.True(description.Length <= DiscordLimits.Description);
        Assert.EndsWith("x…", description, StringComparison.Ordinal);
        Assert.StartsWith("line 000", description, StringComparison.Ordinal);
        Assert.DoesNotContain(lines[^1], description, StringComparison.Ordinal);
        var kept = description[..^1].Split('\n');
        Assert.Equal(lines.Take(kept.Length), kept);
    }

    [Fact]
    public void Build_HugeBodyWithoutLineBreaks_CutToExactly4096()
    {
        var payload = Build(NotifierSamples.Plain(bodyHtml: new string('y', 10_000)));
        Assert.Equal(DiscordLimits.Description, payload.Embeds[0].Description!.Length);
        Assert.EndsWith("y…", payload.Embeds[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TitleOver256_CutWithEllipsis()
    {
        var payload = Build(NotifierSamples.Plain(title: new string('t', 300)));
        Assert.Equal(256, payload.Embeds[0].Title!.Length);
        Assert.EndsWith("t…", payload.Embeds[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TitleAndBodyTrimmed()
    {
        var payload = Build(NotifierSamples.Plain(title: "  spaced  ", bodyHtml: "\n  body \n"));
        Assert.Equal("spaced", payload.Embeds[0].Title);
        Assert.Equal("body", payload.Content);
    }

    [Fact]
    public void Build_MoreThan25Fields_KeepsTheFirst25()
    {
        var message = NotifierSamples.Plain() with { Fields = Enumerable.Range(1, 30).Select(i => new MessageField($"F{i}", $"v{i}")).ToList() };
        var fields = Build(message).Embeds[0].Fields!;
        Assert.Equal(25, fields.Count);
        Assert.Equal("F25", fields[^1].Name);
    }

    [Fact]
    public void Build_LongFieldNameAndValue_CutTo256And1024()
    {
        var message = NotifierSamples.Plain() with { Fields = [new MessageField(new string('n', 300), new string('v', 2000))] };
        var field = Build(message).Embeds[0].Fields![0];
        Assert.Equal(256, field.Name.Length);
        Assert.Equal(1024, field.Value.Length);
        Assert.EndsWith("…", field.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EmptyFieldNameOrValue_BecomesZeroWidthSpace()
    {
        var message = NotifierSamples.Plain() with { Fields = [new MessageField(" ", ""), new MessageField("Name", "  ")] };
        var fields = Build(message).Embeds[0].Fields!;
        Assert.Equal("\u200B", fields[0].Name);
        Assert.Equal("\u200B", fields[0].Value);
        Assert.Equal("\u200B", fields[1].Value);
    }

    [Fact]
    public void Build_FieldsOverTheTotal_CutFromTheLastFieldFirst()
    {
        // 25 fields of 1024 + names: far over 6000. The first fields survive whole.
        var message = NotifierSamples.Plain(title: "T") with
        {
            Fields = Enumerable.Range(1, 25).Select(i => new MessageField($"F{i}", new string((char)('a' + i % 26), 1024))).ToList(),
        };
        var payload = Build(message);
        var fields = payload.Embeds[0].Fields!;
        Assert.Equal(DiscordLimits.EmbedTotal, payload.EmbedCharacters);
        Assert.All(fields.Take(fields.Count - 1), f => Assert.Equal(1024, f.Value.Length));
        Assert.EndsWith("…", fields[^1].Value, StringComparison.Ordinal);
        Assert.Equal(6, fields.Count);
    }

    [Fact]
    public void Build_LastFieldWouldKeepTooLittle_IsDroppedInstead()
    {
        var fields = Enumerable.Range(1, 5).Select(i => new MessageField($"F{i}", new string('v', 1024))).ToList();
        fields.Add(new MessageField("G", new string('w', 900)));
        // T + 5×(2+1024) + (1+900) = 6032: the last field would keep 868 characters, so it is cut.
        var cut = Build(NotifierSamples.Plain(title: "T") with { Fields = fields });
        Assert.Equal(6, cut.Embeds[0].Fields!.Count);
        Assert.Equal(6000, cut.EmbedCharacters);

        // Title 256 + 5×1026 + (2+582) = 5970: the last field (1+400) would keep 29 characters, so it is dropped whole.
        var tight = fields.Take(5).Append(new MessageField("F6", new string('x', 582))).Append(new MessageField("G", new string('w', 400))).ToList();
        var dropped = Build(NotifierSamples.Plain(title: new string('T', 256)) with { Fields = tight });
        Assert.Equal(6, dropped.Embeds[0].Fields!.Count);
        Assert.Equal(5970, dropped.EmbedCharacters);
    }

    [Fact]
    public void Build_LongBodyAndFields_FieldsGoFirst_ThenTheDescription()
    {
        var message = NotifierSamples.Plain(title: "T", bodyHtml: new string('b', 4096)) with
        {
            Fields = Enumerable.Range(1, 3).Select(i => new MessageField($"F{i}", new string('v', 1024))).ToList(),
        };
        var card = Build(message).Embeds[0];
        // 1 + 4096 + 3×1026 = 7175: the fields shrink to two (the third would keep < 32) and the second is cut.
        Assert.Equal(4096, card.Description!.Length);
        Assert.Equal(2, card.Fields!.Count);
        Assert.Equal(1, card.Fields.Count(f => f.Value.EndsWith('…')));

        var manyFields = message with { Fields = Enumerable.Range(1, 25).Select(i => new MessageField($"F{i:D2}", "v")).ToList() };
        var withShortFields = Build(manyFields with { Title = new string('T', 256), BodyHtml = new string('b', 10_000) }).Embeds[0];
        Assert.Equal(25, withShortFields.Fields!.Count);
        Assert.Equal(4096, withShortFields.Description!.Length);
    }

    [Fact]
    public void Build_DescriptionCutWhenFieldsAreGoneAndStillOver()
    {
        var videos = Enumerable.Range(1, 9).Select(i => new MessageAsset($"https://v.example.com/{i}.mp4", new string((char)('a' + i), 256), IsVideo: true)).ToList();
        // 256 title + 4096 description + 9×256 video titles = 6656: the description gives way.
        var message = NotifierSamples.Plain(title: new string('T', 256), bodyHtml: new string('b', 5000)) with { Assets = videos };
        var payload = Build(message);
        Assert.Equal(6000, payload.EmbedCharacters);
        Assert.Equal(256, payload.Embeds[0].Title!.Length);
        Assert.Equal(6000 - 256 - 9 * 256, payload.Embeds[0].Description!.Length);
        Assert.All(payload.Embeds.Skip(1), e => Assert.Equal(256, e.Title!.Length));
    }

    [Fact]
    public void Build_ThreeAssets_FirstImageOnTheCard_SecondInTheGallery_VideoAsALink()
    {
        var embeds = Build(NotifierSamples.Representative()).Embeds;
        Assert.Equal(3, embeds.Count);
        Assert.Equal(embeds[0].Url, embeds[1].Url);
        Assert.Equal("https://photos.example.com/api/assets/2/thumbnail.jpg", embeds[1].Image!.Url);
        Assert.Equal("VID_0003.mp4", embeds[2].Title);
        Assert.Equal("https://photos.example.com/api/assets/3/video.mp4", embeds[2].Url);
        Assert.Null(embeds[2].Image);
    }

    [Fact]
    public void Build_ManyImages_TenEmbeds_GalleryOfFour_FooterCountsTheRest()
    {
        var message = NotifierSamples.Plain() with
        {
            Url = "https://photos.example.com/albums/1",
            Assets = Enumerable.Range(1, 15).Select(i => new MessageAsset($"https://photos.example.com/{i}.jpg")).ToList(),
        };
        var embeds = Build(message).Embeds;
        Assert.Equal(10, embeds.Count);
        Assert.Equal(["https://photos.example.com/albums/1"], embeds.Take(4).Select(e => e.Url).Distinct());
        Assert.Equal("https://photos.example.com/5.jpg", embeds[4].Url);
        Assert.Equal("https://photos.example.com/10.jpg", embeds[9].Image!.Url);
        Assert.Equal("+5 more", embeds[0].Footer!.Text);
    }

    [Fact]
    public void Build_ImagesWithoutMessageUrl_EachEmbedHasItsOwnUrl()
    {
        var message = NotifierSamples.Plain() with { Assets = [new MessageAsset("https://p.example.com/1.jpg"), new MessageAsset("https://p.example.com/2.jpg")] };
        var embeds = Build(message).Embeds;
        Assert.Null(embeds[0].Url);
        Assert.Equal("https://p.example.com/2.jpg", embeds[1].Url);
    }

    [Fact]
    public void Build_NonWebUrls_AreLeftOut()
    {
        var message = NotifierSamples.Plain() with { Url = "javascript:alert(1)", Assets = [new MessageAsset("file:///etc/passwd"), new MessageAsset("/relative.jpg")] };
        var payload = Build(message);
        Assert.Single(payload.Embeds);
        Assert.Null(payload.Embeds[0].Url);
        Assert.Null(payload.Embeds[0].Image);
    }

    [Fact]
    public void Build_EmptyMessage_HasNoEmbeds()
    {
        var payload = DiscordPayloadBuilder.Build(NotifierSamples.Plain(title: " ", bodyHtml: ""), NoOverrides);
        Assert.Null(payload.Content);
        Assert.Empty(payload.Embeds);
    }

    [Fact]
    public void Build_UsernameAndAvatarOverrides()
    {
        var payload = Build(NotifierSamples.Plain(), new DiscordTargetSettings(" Bridge ", "https://bridge.example.com/a.png"));
        Assert.Equal("Bridge", payload.Username);
        Assert.Equal("https://bridge.example.com/a.png", payload.AvatarUrl);

        var cut = Build(NotifierSamples.Plain(), new DiscordTargetSettings(new string('u', 100), "not a url"));
        Assert.Equal(80, cut.Username!.Length);
        Assert.Null(cut.AvatarUrl);

        var none = Build(NotifierSamples.Plain(), new DiscordTargetSettings("   ", "https://x.example.com/" + new string('a', 2048)));
        Assert.Null(none.Username);
        Assert.Null(none.AvatarUrl);
    }

    [Theory]
    [InlineData(EventSeverity.Low, 0x95A5A6)]
    [InlineData(EventSeverity.Normal, 0x5865F2)]
    [InlineData(EventSeverity.High, 0xE67E22)]
    [InlineData(EventSeverity.Critical, 0xED4245)]
    public void Build_ColourBySeverity(EventSeverity severity, int colour)
    {
        Assert.Equal(colour, Build(NotifierSamples.Plain() with { Severity = severity }).Embeds[0].Color);
    }

    [Fact]
    public void Clip_NeverSplitsASurrogatePair()
    {
        var text = "ab" + Repeat("🎉", 10);
        var clipped = DiscordPayloadBuilder.Clip(text, 6);
        Assert.Equal("ab🎉…", clipped);
        Assert.True(clipped.Length <= 6);
    }

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("abcdef", 1, "…")]
    [InlineData("abcdef", 0, "")]
    [InlineData("abc   def", 6, "abc…")]
    public void Clip_Bounds(string text, int limit, string expected)
    {
        Assert.Equal(expected, DiscordPayloadBuilder.Clip(text, limit));
    }

    [Fact]
    public void Build_RandomisedLargeMessages_NeverBreakALimit()
    {
        var random = new Random(4);
        for (var run = 0; run < 200; run++)
        {
            string[] pieces = [" ", "a", "b", "*", "_", "<", ">", "&", "\n", "🎉"];
            string Text(int max) => string.Concat(Enumerable.Range(0, random.Next(max)).Select(_ => pieces[random.Next(pieces.Length)]));
            var message = new NotificationMessage
            {
                EventType = "x",
                Locale = "en",
                Severity = (EventSeverity)random.Next(4),
                Title = Text(400),
                BodyHtml = MessageMarkup.Escape(Text(9000)),
                Url = random.Next(2) == 0 ? "https://x.example.com/e" : null,
                Fields = Enumerable.Range(0, random.Next(40)).Select(_ => new MessageField(Text(300), Text(1500), random.Next(2) == 0)).ToList(),
                Assets = Enumerable.Range(0, random.Next(20)).Select(i => new MessageAsset($"https://p.example.com/{i}", Text(300), null, random.Next(3) == 0)).ToList(),
            };
            Build(message);
        }
    }
}
