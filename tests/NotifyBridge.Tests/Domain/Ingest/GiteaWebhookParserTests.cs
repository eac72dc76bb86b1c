using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Ingest;
using NotifyBridge.Domain.Ingest.Gitea;
using NotifyBridge.Tests.TestSupport;
using static NotifyBridge.Tests.Domain.Ingest.IngestFixtures;

namespace NotifyBridge.Tests.Domain.Ingest;

public sealed class GiteaWebhookParserTests
{
    private readonly GiteaWebhookParser parser = new();

    public static TheoryData<string, string, string, string, string, string, int> Expected => new()
    {
        {
            "push", EventTypes.Push, "example pushed 1 commit to master in example/example", "example/example",
            "http://localhost:3000/example/example/compare/0000000000000000000000000000000000000000...67b56589a45103f891bdee7c0546e5d40bc02001", "example", 1
        },
        {
            "push_docs_example", EventTypes.Push, "gitea pushed 1 commit to develop in gitea/webhooks", "gitea/webhooks",
            "http://localhost:3000/gitea/webhooks/compare/28e1879d029cb852e4844d9c718537df08844e03...bffeb74224043ba2feb48d137756c8a9331c449a", "gitea", 1
        },
        { "create_branch", EventTypes.BranchCreated, "example created branch master in example/example", "example/example", "http://localhost:3000/example/example/src/branch/master", "example", 0 },
        { "delete_branch", EventTypes.BranchDeleted, "example deleted branch example3 in example/example", "example/example", "http://localhost:3000/example/example", "example", 0 },
        { "create_tag", EventTypes.TagCreated, "unknwon created tag v1.0.0 in gogits/hello-world", "gogits/hello-world", "http://try.gitea.io/gogits/hello-world/src/tag/v1.0.0", "unknwon", 0 },
        { "delete_tag", EventTypes.TagDeleted, "unknwon deleted tag v1.0.0 in gogits/hello-world", "gogits/hello-world", "http://try.gitea.io/gogits/hello-world", "unknwon", 0 },
        { "issues_opened", EventTypes.IssueOpened, "example opened issue #1 in example/example: example", "example/example", "http://localhost:3000/example/example/issues/1", "example", 0 },
        {
            "issue_comment_created", EventTypes.IssueComment, "example commented on issue #1 in example/example: example", "example/example",
            "http://localhost:3000/example/example/issues/1#issuecomment-2", "example", 0
        },
        {
            "pull_request_comment_created", EventTypes.PullRequestComment, "example commented on pull request #2 in example/example: update", "example/example",
            "http://localhost:3000/example/example/pulls/2#issuecomment-6", "example", 0
        },
        { "pull_request_opened", EventTypes.PullRequestOpened, "example2 opened pull request #2 in example/example: update", "example/example", "http://localhost:3000/example/example/pulls/2", "example2", 0 },
        { "pull_request_merged", EventTypes.PullRequestMerged, "anbraten merged pull request #1 in anbraten/test-repo: Adjust file", "anbraten/test-repo", "https://gitea.com/anbraten/test-repo/pulls/1", "anbraten", 0 },
        { "release_published", EventTypes.ReleasePublished, "example published release 0.0.0 (example) in example/example", "example/example", "http://localhost:3000/example/example/releases/tag/example", "example", 0 },
        {
            "release_published_gitea_1_16", EventTypes.ReleasePublished, "anbraten published release Version 0.0.5 (0.0.5) in anbraten/demo", "anbraten/demo",
            "https://git.xxx/anbraten/demo/releases/tag/0.0.5", "anbraten", 0
        },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Parse_Fixture_NormalizesEvent(string name, string type, string title, string collection, string url, string actor, int assets)
    {
        var e = Accepted(parser.Parse(GiteaRequest(name), "{}"));

        Assert.Equal(type, e.EventType);
        Assert.Equal(title, e.Title);
        Assert.Equal(collection, e.CollectionId);
        Assert.Equal(collection, e.CollectionName);
        Assert.Equal(url, e.Url);
        Assert.Equal(actor, e.Actor);
        Assert.Equal(assets, e.AssetsCount);
        Assert.Equal(EventSeverity.Normal, e.Severity);
        Assert.True(EventTypes.IsValid(e.EventType));
        using var details = JsonDocument.Parse(e.DetailsJson);
        Assert.Equal(JsonValueKind.Object, details.RootElement.ValueKind);
    }

    [Fact]
    public void Parse_AllFixtures_MatchGoldenFile()
    {
        var text = new StringBuilder();
        foreach (var name in GiteaNames)
        {
            var e = Accepted(parser.Parse(GiteaRequest(name), "{}"));
            text.Append("## ").Append(name).Append('\n')
                .Append("type: ").Append(e.EventType).Append('\n')
                .Append("title: ").Append(e.Title).Append('\n')
                .Append("summary: |\n");
            foreach (var line in e.Summary.Split('\n')) text.Append("  ").Append(line).Append('\n');
            text.Append("url: ").Append(e.Url).Append('\n')
                .Append("actor: ").Append(e.Actor).Append('\n')
                .Append("collection: ").Append(e.CollectionId).Append(" / ").Append(e.CollectionName).Append('\n')
                .Append("assets: ").Append(e.AssetsCount.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append("severity: ").Append(e.Severity).Append('\n')
                .Append("details: ").Append(e.DetailsJson).Append("\n\n");
        }
        GoldenFile.AssertMatches("gitea-normalized", text.ToString());
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Parse_FormEncodedFixture_SameEventAsJson(string name, string type, string title, string collection, string url, string actor, int assets)
    {
        var headers = GiteaHeaders(name);
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        var form = "payload=" + FormEncode(Encoding.UTF8.GetString(GiteaBody(name)));
        var request = new InboundRequest { Method = "POST", Headers = headers, Body = Encoding.UTF8.GetBytes(form) };

        var e = Accepted(parser.Parse(request, "{}"));

        Assert.Equal(Accepted(parser.Parse(GiteaRequest(name), "{}")), e);
        Assert.Equal((type, title, collection, url, actor, assets), (e.EventType, e.Title, e.CollectionId, e.Url, e.Actor, e.AssetsCount));
    }

    [Fact]
    public void DeliveryId_FixtureHeader_IsGiteaDelivery() =>
        Assert.Equal("21a361d9-6e3e-13f5-f109-748c2a9d2434", parser.DeliveryId(GiteaRequest("push")));

    [Fact]
    public void DeliveryId_OnlyGogsHeader_FallsBack()
    {
        var request = Request("{}", headers: [new("X-Gogs-Delivery", " abc-123 ")]);
        Assert.Equal("abc-123", parser.DeliveryId(request));
    }

    [Fact]
    public void DeliveryId_NoHeader_IsNull() => Assert.Null(parser.DeliveryId(Request("{}")));

    [Fact]
    public void Parse_MissingEventHeader_Rejected()
    {
        var message = Rejected(parser.Parse(new InboundRequest { Method = "POST", Headers = new Dictionary<string, string>(), Body = GiteaBody("push") }, "{}"));
        Assert.Contains("X-Gitea-Event", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Gogs-Event")]
    [InlineData("X-GitHub-Event")]
    public void Parse_OnlyCompatibleEventHeader_FallsBack(string header)
    {
        var request = new InboundRequest
        {
            Method = "POST",
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [header] = "push" },
            Body = GiteaBody("push"),
        };
        Assert.Equal(EventTypes.Push, Accepted(parser.Parse(request, "{}")).EventType);
    }

    [Theory]
    [InlineData("wiki")]
    [InlineData("repository")]
    [InlineData("fork")]
    [InlineData("pull_request_approved")]
    [InlineData("pull_request_comment")]
    public void Parse_UnsupportedEvent_Ignored(string eventName)
    {
        var request = Request("{\"action\":\"x\"}", headers: [new("X-Gitea-Event", eventName)]);
        Assert.Equal($"unsupported Gitea event '{eventName}'", Ignored(parser.Parse(request, "{}")));
    }

    [Fact]
    public void Parse_MalformedJson_RejectedWithLineAndPosition()
    {
        var request = Request("{\n  \"ref\": \"refs/heads/main\",\n    \"commits\": [}\n}", headers: [new("X-Gitea-Event", "push")]);
        var message = Rejected(parser.Parse(request, "{}"));
        Assert.StartsWith("Malformed JSON at line 3, position 17: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"push\"")]
    [InlineData("42")]
    public void Parse_BodyNotAnObject_Rejected(string body) =>
        Assert.Equal("Body must be a JSON object.", Rejected(parser.Parse(Request(body, headers: [new("X-Gitea-Event", "push")]), "{}")));

    [Fact]
    public void Parse_EmptyBody_Rejected() =>
        Assert.Equal("Body is empty.", Rejected(parser.Parse(Request("", headers: [new("X-Gitea-Event", "push")]), "{}")));

    [Theory]
    [InlineData("push", "{\"ref\":\"refs/heads/main\"}", "repository")]
    [InlineData("push", "{\"repository\":{\"full_name\":\"a/b\"}}", "ref")]
    [InlineData("push", "{\"ref\":\"refs/heads/main\",\"repository\":{\"id\":1}}", "repository.full_name")]
    [InlineData("create", "{\"ref\":\"v1\",\"repository\":{\"full_name\":\"a/b\"}}", "ref_type")]
    [InlineData("issues", "{\"action\":\"opened\",\"repository\":{\"full_name\":\"a/b\"}}", "issue")]
    [InlineData("issue_comment", "{\"action\":\"created\",\"issue\":{},\"repository\":{\"full_name\":\"a/b\"}}", "comment")]
    [InlineData("pull_request", "{\"repository\":{\"full_name\":\"a/b\"},\"pull_request\":{}}", "action")]
    [InlineData("release", "{\"action\":\"published\",\"release\":{\"name\":\"x\"},\"repository\":{\"full_name\":\"a/b\"}}", "release.tag_name")]
    public void Parse_MissingRequiredField_RejectedNamingIt(string eventName, string body, string field) =>
        Assert.Equal($"Missing required field '{field}'.", Rejected(parser.Parse(Request(body, headers: [new("X-Gitea-Event", eventName)]), "{}")));

    [Theory]
    [InlineData("issues_opened", "edited")]
    [InlineData("issues_opened", "label_updated")]
    [InlineData("issue_comment_created", "edited")]
    [InlineData("pull_request_opened", "synchronized")]
    [InlineData("pull_request_opened", "assigned")]
    [InlineData("release_published", "updated")]
    [InlineData("release_published", "deleted")]
    public void Parse_OtherAction_Ignored(string fixture, string action)
    {
        var request = Modified(fixture, root => root["action"] = action);
        Assert.Contains($"action '{action}'", Ignored(parser.Parse(request, "{}")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("closed", EventTypes.IssueClosed, "example closed issue #1 in example/example: example")]
    [InlineData("reopened", EventTypes.IssueReopened, "example reopened issue #1 in example/example: example")]
    public void Parse_IssueClosedOrReopened_Normalized(string action, string type, string title)
    {
        var e = Accepted(parser.Parse(Modified("issues_opened", root => root["action"] = action), "{}"));
        Assert.Equal((type, title), (e.EventType, e.Title));
    }

    [Fact]
    public void Parse_PullRequestClosedWithoutMerge_IsClosed()
    {
        var request = Modified("pull_request_merged", root => root["pull_request"]!["merged"] = false);
        var e = Accepted(parser.Parse(request, "{}"));
        Assert.Equal(EventTypes.PullRequestClosed, e.EventType);
        Assert.Equal("anbraten closed pull request #1 in anbraten/test-repo: Adjust file", e.Title);
    }

    [Fact]
    public void Parse_PullRequestMerged_DetailsHaveMergeCommitAndBranches()
    {
        var e = Accepted(parser.Parse(GiteaRequest("pull_request_merged"), "{}"));
        using var details = JsonDocument.Parse(e.DetailsJson);
        var root = details.RootElement;
        Assert.True(root.GetProperty("merged").GetBoolean());
        Assert.Equal("f2440f050054df0f8ecabcace648f1683509064c", root.GetProperty("merge_commit_sha").GetString());
        Assert.Equal("anbraten-patch-1", root.GetProperty("head").GetString());
        Assert.Equal("main", root.GetProperty("base").GetString());
        Assert.Equal(1, root.GetProperty("number").GetInt32());
        Assert.StartsWith("anbraten-patch-1 → main", e.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Push_DetailsListCommits()
    {
        var e = Accepted(parser.Parse(GiteaRequest("push"), "{}"));
        using var details = JsonDocument.Parse(e.DetailsJson);
        var root = details.RootElement;
        Assert.Equal("refs/heads/master", root.GetProperty("ref").GetString());
        Assert.Equal("master", root.GetProperty("branch").GetString());
        var commit = Assert.Single(root.GetProperty("commits").EnumerateArray());
        Assert.Equal("67b5658", commit.GetProperty("id").GetString());
        Assert.Equal("example", commit.GetProperty("message").GetString());
        Assert.Equal("example", commit.GetProperty("author").GetString());
        Assert.Equal("67b5658 example", e.Summary);
    }

    [Fact]
    public void Parse_PushWithManyLongCommits_CapsSummaryAndDetails()
    {
        var commits = new JsonArray();
        for (var i = 0; i < 35; i++)
        {
            commits.Add(new JsonObject
            {
                ["id"] = $"{i:x2}" + new string('a', 38),
                ["message"] = $"commit {i} " + new string('x', 3000) + "\nsecond line",
                ["url"] = "https://git.example/o/r/commit/" + new string('b', 400),
                ["author"] = new JsonObject { ["name"] = "Zoë", ["username"] = "zoe" },
            });
        }
        var body = new JsonObject
        {
            ["ref"] = "refs/heads/feature/x",
            ["compare_url"] = "https://git.example/o/r/compare/a...b",
            ["commits"] = commits,
            ["total_commits"] = 40,
            ["repository"] = new JsonObject { ["full_name"] = "o/r", ["html_url"] = "https://git.example/o/r" },
            ["pusher"] = new JsonObject { ["login"] = "zoe" },
        };
        var e = Accepted(parser.Parse(Request(body.ToJsonString(), headers: [new("X-Gitea-Event", "push")]), "{}"));

        Assert.Equal("zoe pushed 40 commits to feature/x in o/r", e.Title);
        Assert.Equal(40, e.AssetsCount);
        Assert.True(e.Summary.Length <= IngestLimits.SummaryMaxLength);
        Assert.DoesNotContain("second line", e.Summary, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(e.DetailsJson) <= IngestLimits.DetailsMaxBytes);
        using var details = JsonDocument.Parse(e.DetailsJson);
        Assert.InRange(details.RootElement.GetProperty("commits").GetArrayLength(), 1, 20);
        Assert.True(details.RootElement.GetProperty("commits_truncated").GetBoolean());
        Assert.Equal(40, details.RootElement.GetProperty("total_commits").GetInt32());
    }

    [Fact]
    public void Parse_PushManyShortCommits_SummaryMentionsTheRest()
    {
        var commits = new JsonArray();
        for (var i = 0; i < 25; i++) commits.Add(new JsonObject { ["id"] = $"{i:x7}", ["message"] = $"fix {i}" });
        var body = new JsonObject { ["ref"] = "refs/heads/main", ["commits"] = commits, ["repository"] = new JsonObject { ["full_name"] = "o/r" }, ["sender"] = new JsonObject { ["login"] = "al" } };
        var e = Accepted(parser.Parse(Request(body.ToJsonString(), headers: [new("X-Gitea-Event", "push")]), "{}"));

        Assert.Equal(21, e.Summary.Split('\n').Length);
        Assert.EndsWith("… and 5 more commits", e.Summary, StringComparison.Ordinal);
        using var details = JsonDocument.Parse(e.DetailsJson);
        Assert.Equal(20, details.RootElement.GetProperty("commits").GetArrayLength());
    }

    [Fact]
    public void Parse_PushOfTag_TitleNamesTag()
    {
        var body = "{\"ref\":\"refs/tags/v2.0\",\"commits\":[],\"repository\":{\"full_name\":\"o/r\",\"html_url\":\"https://g/o/r\"},\"pusher\":{\"login\":\"al\"}}";
        var e = Accepted(parser.Parse(Request(body, headers: [new("X-Gitea-Event", "push")]), "{}"));
        Assert.Equal("al pushed tag v2.0 to o/r", e.Title);
        Assert.Equal("https://g/o/r/src/tag/v2.0", e.Url);
        Assert.Equal(0, e.AssetsCount);
    }

    [Fact]
    public void Parse_VeryLongIssueTitle_TitleCapped()
    {
        var request = Modified("issues_opened", root => root["issue"]!["title"] = "Broken\n" + new string('y', 1000));
        var e = Accepted(parser.Parse(request, "{}"));
        Assert.Equal(IngestLimits.TitleMaxLength, e.Title.Length);
        Assert.EndsWith("…", e.Title, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Title);
    }

    [Fact]
    public void Parse_IssueBody_IsSummaryCapped()
    {
        var request = Modified("issues_opened", root => root["issue"]!["body"] = "Steps:\r\n1. run\r\n" + new string('z', 5000));
        var e = Accepted(parser.Parse(request, "{}"));
        Assert.StartsWith("Steps:\n1. run\n", e.Summary, StringComparison.Ordinal);
        Assert.Equal(IngestLimits.SummaryMaxLength, e.Summary.Length);
    }

    [Fact]
    public void Parse_JavascriptUrl_FallsBackToRepositoryUrl()
    {
        var request = Modified("issues_opened", root => root["issue"]!["html_url"] = "javascript:alert(1)");
        Assert.Equal("http://localhost:3000/example/example", Accepted(parser.Parse(request, "{}")).Url);
    }

    [Fact]
    public void Parse_CreateWithUnknownRefType_Ignored()
    {
        var request = Modified("create_tag", root => root["ref_type"] = "note");
        Assert.Contains("ref_type 'note'", Ignored(parser.Parse(request, "{}")), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BranchWithSlash_UrlKeepsSlashes()
    {
        var request = Modified("create_branch", root => root["ref"] = "feature/a b");
        Assert.Equal("http://localhost:3000/example/example/src/branch/feature/a%20b", Accepted(parser.Parse(request, "{}")).Url);
    }

    [Fact]
    public void Parse_Utf8Bom_Accepted()
    {
        var request = new InboundRequest { Method = "POST", Headers = GiteaHeaders("push"), Body = [0xEF, 0xBB, 0xBF, .. GiteaBody("push")] };
        Assert.Equal(EventTypes.Push, Accepted(parser.Parse(request, "{}")).EventType);
    }

    [Fact]
    public void Parse_DocsExample_DeprecatedSecretNotInDetails()
    {
        var e = Accepted(parser.Parse(GiteaRequest("push_docs_example"), "{}"));
        Assert.DoesNotContain("3gEsCfjlV2ugRwgpU", e.DetailsJson, StringComparison.Ordinal);
    }

    /// <summary>A fixture body changed through JsonNode (unsigned; for parser-only tests).</summary>
    private static InboundRequest Modified(string fixture, Action<JsonNode> change)
    {
        var root = JsonNode.Parse(GiteaBody(fixture))!;
        change(root);
        return new InboundRequest { Method = "POST", Headers = GiteaHeaders(fixture), Body = Encoding.UTF8.GetBytes(root.ToJsonString()) };
    }
}
