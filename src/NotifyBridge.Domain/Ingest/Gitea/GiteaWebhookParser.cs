using System.Globalization;
using System.Text;
using System.Text.Json;
using NotifyBridge.Domain.Events;
using NotifyBridge.Domain.Providers;

namespace NotifyBridge.Domain.Ingest.Gitea;

/// <summary>
/// Gitea (and Forgejo/Gogs-compatible) webhooks: push, create/delete (branch or tag), issues,
/// issue_comment, pull_request and release. Other events are ignored; malformed bodies are rejected.
/// The signature is checked by the endpoint with <see cref="GiteaSignature"/> before this runs.
/// </summary>
public sealed class GiteaWebhookParser : IWebhookParser
{
    /// <summary>The event header, then the compatible ones Gitea sends with the same value.</summary>
    public static IReadOnlyList<string> EventHeaderNames { get; } = ["X-Gitea-Event", "X-Forgejo-Event", "X-Gogs-Event", "X-GitHub-Event"];

    public static IReadOnlyList<string> DeliveryHeaderNames { get; } = ["X-Gitea-Delivery", "X-Forgejo-Delivery", "X-Gogs-Delivery", "X-GitHub-Delivery"];

    /// <summary>The X-Gitea-Event values turned into events.</summary>
    public static IReadOnlyList<string> SupportedEvents { get; } = ["push", "create", "delete", "issues", "issue_comment", "pull_request", "release"];

    private const int MaxCommits = 20;
    private const int CommitsBudgetBytes = 12 * 1024;
    private const int ShortShaLength = 7;

    public ProviderType ProviderType => ProviderType.Gitea;

    public string? DeliveryId(InboundRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var name in DeliveryHeaderNames)
        {
            if (IngestText.DeliveryId(request.Header(name)) is { } id) return id;
        }
        return null;
    }

    /// <summary>The X-Gitea-Event value (or a compatible header's), trimmed; null when none is sent.</summary>
    public static string? EventName(InboundRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var name in EventHeaderNames)
        {
            if (request.Header(name) is { } value && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        }
        return null;
    }

    public ParseResult Parse(InboundRequest request, string providerSettingsJson)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (EventName(request) is not { } header) return new ParseResult.Rejected("Missing X-Gitea-Event header.");

        var eventName = SupportedEvents.FirstOrDefault(e => e.Equals(header, StringComparison.OrdinalIgnoreCase));
        if (eventName is null) return new ParseResult.Ignored($"unsupported Gitea event '{IngestText.SingleLine(header, 64)}'");

        if (!GiteaSignature.TryGetSignedPayload(request, out var payload, out var payloadError))
            return new ParseResult.Rejected(payloadError!);

        var span = payload.Span;
        if (span.StartsWith(Encoding.UTF8.Preamble)) payload = payload[3..];
        if (!InboundBody.TryParseJson(payload, out var document, out var jsonError)) return new ParseResult.Rejected(jsonError!);

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new ParseResult.Rejected("Body must be a JSON object.");
            if (root.Object("repository") is not { } repository) return Missing("repository");

            var repoName = repository.NonEmptyString("full_name")
                ?? (repository.Object("owner")?.NonEmptyString("login") is { } owner && repository.NonEmptyString("name") is { } name ? $"{owner}/{name}" : null)
                ?? repository.NonEmptyString("name");
            if (repoName is null) return Missing("repository.full_name");

            var context = new Context(
                eventName,
                root,
                IngestText.SingleLine(repoName, IngestLimits.FieldMaxLength),
                IngestText.SafeUrl(repository.String("html_url"))?.TrimEnd('/'),
                Login(root.Object("sender")));

            return eventName switch
            {
                "push" => Push(context),
                "create" => Ref(context, created: true),
                "delete" => Ref(context, created: false),
                "issues" => Issue(context),
                "issue_comment" => IssueComment(context),
                "pull_request" => PullRequest(context),
                _ => Release(context),
            };
        }
    }

    private sealed record Context(string Event, JsonElement Root, string Repo, string? RepoUrl, string? Sender)
    {
        public string ActorOr(string? preferred) => preferred ?? Sender ?? "Someone";

        public DetailsJsonWriter Details()
        {
            var details = new DetailsJsonWriter();
            details.String("event", Event);
            return details;
        }

        public ParseResult Accept(string type, string title, string summary, string? url, string? actor, int assets, DetailsJsonWriter details)
        {
            details.String("repository", Repo).String("repository_url", RepoUrl);
            string json;
            using (details) json = details.Build();
            return new ParseResult.Accepted(new NormalizedEvent(
                type,
                IngestText.SingleLine(title),
                IngestText.Excerpt(summary),
                IngestText.SafeUrl(url) ?? RepoUrl,
                IngestText.Field(actor),
                Repo,
                Repo,
                assets,
                EventSeverity.Normal,
                json));
        }
    }

    private static ParseResult Push(Context c)
    {
        if (c.Root.NonEmptyString("ref") is not { } gitRef) return Missing("ref");
        var commits = c.Root.Array("commits")?.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList() ?? [];
        var total = Math.Max(commits.Count, (int)Math.Clamp(c.Root.Int64("total_commits") ?? 0, 0, int.MaxValue));
        var actor = c.ActorOr(Login(c.Root.Object("pusher")));

        string title;
        string? kind = null;
        string name;
        if (gitRef.StartsWith("refs/tags/", StringComparison.Ordinal))
        {
            kind = "tag";
            name = gitRef["refs/tags/".Length..];
            title = $"{actor} pushed tag {name} to {c.Repo}";
        }
        else
        {
            if (gitRef.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                kind = "branch";
                name = gitRef["refs/heads/".Length..];
            }
            else name = gitRef;
            title = total switch
            {
                0 => $"{actor} pushed to {name} in {c.Repo}",
                1 => $"{actor} pushed 1 commit to {name} in {c.Repo}",
                _ => string.Create(CultureInfo.InvariantCulture, $"{actor} pushed {total} commits to {name} in {c.Repo}"),
            };
        }

        var summary = new StringBuilder();
        foreach (var commit in commits.Take(MaxCommits))
        {
            if (summary.Length > 0) summary.Append('\n');
            summary.Append(ShortSha(commit.String("id"))).Append(' ').Append(IngestText.FirstLine(commit.String("message"), 200));
        }
        if (total > Math.Min(commits.Count, MaxCommits))
        {
            var more = total - Math.Min(commits.Count, MaxCommits);
            summary.Append(string.Create(CultureInfo.InvariantCulture, $"\n… and {more} more commit{(more == 1 ? "" : "s")}"));
        }

        var url = IngestText.SafeUrl(c.Root.String("compare_url"))
            ?? IngestText.SafeUrl(c.Root.Object("head_commit")?.String("url"))
            ?? (commits.Count == 1 ? IngestText.SafeUrl(commits[0].String("url")) : null)
            ?? (kind is not null ? RefUrl(c.RepoUrl, kind, name) : null);

        var details = c.Details()
            .String("ref", gitRef)
            .String(kind ?? "ref_name", name)
            .String("before", c.Root.String("before"), 64)
            .String("after", c.Root.String("after"), 64)
            .String("compare_url", c.Root.String("compare_url"))
            .Number("total_commits", total);
        var json = details.Json;
        json.WriteStartArray("commits");
        var written = 0;
        foreach (var commit in commits.Take(MaxCommits))
        {
            if (details.Length > CommitsBudgetBytes) break;
            json.WriteStartObject();
            json.WriteString("id", ShortSha(commit.String("id")));
            json.WriteString("message", IngestText.FirstLine(commit.String("message"), 200));
            if (commit.String("url") is { } commitUrl) json.WriteString("url", IngestText.Truncate(commitUrl, 300));
            var author = commit.Object("author");
            if ((author?.NonEmptyString("username") ?? author?.NonEmptyString("name")) is { } authorName)
                json.WriteString("author", IngestText.Truncate(authorName, 100));
            json.WriteEndObject();
            written++;
        }
        json.WriteEndArray();
        if (written < total) details.Boolean("commits_truncated", true);

        return c.Accept(EventTypes.Push, title, summary.ToString(), url, actor, total, details);
    }

    private static ParseResult Ref(Context c, bool created)
    {
        if (c.Root.NonEmptyString("ref") is not { } gitRef) return Missing("ref");
        if (c.Root.NonEmptyString("ref_type") is not { } refType) return Missing("ref_type");
        var name = gitRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? gitRef["refs/heads/".Length..]
            : gitRef.StartsWith("refs/tags/", StringComparison.Ordinal) ? gitRef["refs/tags/".Length..]
            : gitRef;

        var isTag = refType.Equals("tag", StringComparison.OrdinalIgnoreCase);
        if (!isTag && !refType.Equals("branch", StringComparison.OrdinalIgnoreCase))
            return new ParseResult.Ignored($"unsupported ref_type '{IngestText.SingleLine(refType, 64)}' in Gitea {c.Event} event");

        var kind = isTag ? "tag" : "branch";
        var type = (isTag, created) switch
        {
            (true, true) => EventTypes.TagCreated,
            (true, false) => EventTypes.TagDeleted,
            (false, true) => EventTypes.BranchCreated,
            (false, false) => EventTypes.BranchDeleted,
        };
        var actor = c.ActorOr(null);
        var sha = c.Root.NonEmptyString("sha");
        var title = $"{actor} {(created ? "created" : "deleted")} {kind} {name} in {c.Repo}";
        var label = isTag ? "Tag" : "Branch";
        var summary = !created ? $"{label} {name} was deleted."
            : sha is not null ? $"{label} {name} at commit {ShortSha(sha)}."
            : $"{label} {name}.";

        var details = c.Details().String("ref", name).String("ref_type", kind).String("sha", sha, 64);
        return c.Accept(type, title, summary, created ? RefUrl(c.RepoUrl, kind, name) : null, actor, 0, details);
    }

    private static ParseResult Issue(Context c)
    {
        if (c.Root.NonEmptyString("action") is not { } action) return Missing("action");
        if (c.Root.Object("issue") is not { } issue) return Missing("issue");
        var (type, verb) = action switch
        {
            "opened" => (EventTypes.IssueOpened, "opened"),
            "closed" => (EventTypes.IssueClosed, "closed"),
            "reopened" => (EventTypes.IssueReopened, "reopened"),
            _ => (null, null),
        };
        if (type is null) return IgnoredAction(c, action);

        var number = issue.Int64("number") ?? c.Root.Int64("number");
        var issueTitle = IngestText.SingleLine(issue.String("title"));
        var actor = c.ActorOr(null);
        var title = $"{actor} {verb} issue {Number(number)}in {c.Repo}{Suffix(issueTitle)}";
        var body = issue.String("body");
        var summary = string.IsNullOrWhiteSpace(body) ? issueTitle : body;

        var details = c.Details()
            .String("action", action)
            .Number("number", number)
            .String("title", issueTitle)
            .String("state", issue.String("state"), 32)
            .Strings("labels", Names(issue.Array("labels"), "name"))
            .Strings("assignees", Names(issue.Array("assignees"), "login"))
            .String("milestone", issue.Object("milestone")?.String("title"), 200)
            .String("issue_url", issue.String("html_url"));
        var url = issue.String("html_url") ?? NumberedUrl(c.RepoUrl, "issues", number);
        return c.Accept(type, title, summary, url, actor, 0, details);
    }

    private static ParseResult IssueComment(Context c)
    {
        if (c.Root.NonEmptyString("action") is not { } action) return Missing("action");
        if (c.Root.Object("issue") is not { } issue) return Missing("issue");
        if (c.Root.Object("comment") is not { } comment) return Missing("comment");
        if (action != "created") return IgnoredAction(c, action);

        var isPull = c.Root.Boolean("is_pull") ?? issue.Object("pull_request").HasValue;
        var number = issue.Int64("number");
        var issueTitle = IngestText.SingleLine(issue.String("title"));
        var actor = c.ActorOr(Login(comment.Object("user")));
        var title = $"{actor} commented on {(isPull ? "pull request" : "issue")} {Number(number)}in {c.Repo}{Suffix(issueTitle)}";

        var details = c.Details()
            .String("action", action)
            .Number("number", number)
            .String("title", issueTitle)
            .Boolean("is_pull", isPull)
            .Number("comment_id", comment.Int64("id"))
            .String("comment_url", comment.String("html_url"))
            .String("issue_url", issue.String("html_url"));
        var url = comment.String("html_url") ?? issue.String("html_url") ?? NumberedUrl(c.RepoUrl, isPull ? "pulls" : "issues", number);
        return c.Accept(isPull ? EventTypes.PullRequestComment : EventTypes.IssueComment, title, comment.String("body") ?? "", url, actor, 0, details);
    }

    private static ParseResult PullRequest(Context c)
    {
        if (c.Root.NonEmptyString("action") is not { } action) return Missing("action");
        if (c.Root.Object("pull_request") is not { } pr) return Missing("pull_request");
        var merged = pr.Boolean("merged") ?? false;
        var (type, verb) = action switch
        {
            "opened" => (EventTypes.PullRequestOpened, "opened"),
            "reopened" => (EventTypes.PullRequestReopened, "reopened"),
            "closed" when merged => (EventTypes.PullRequestMerged, "merged"),
            "closed" => (EventTypes.PullRequestClosed, "closed"),
            _ => (null, null),
        };
        if (type is null) return IgnoredAction(c, action);

        var number = pr.Int64("number") ?? c.Root.Int64("number");
        var prTitle = IngestText.SingleLine(pr.String("title"));
        var actor = c.ActorOr(merged ? Login(pr.Object("merged_by")) : null);
        var title = $"{actor} {verb} pull request {Number(number)}in {c.Repo}{Suffix(prTitle)}";

        var head = pr.Object("head") is { } h ? h.NonEmptyString("ref") ?? h.NonEmptyString("label") : null;
        var baseRef = pr.Object("base") is { } b ? b.NonEmptyString("ref") ?? b.NonEmptyString("label") : null;
        // A PR from a fork names the fork: "alice/repo:main → main".
        var headRepo = pr.Object("head")?.Object("repo")?.NonEmptyString("full_name");
        var fork = headRepo is not null && !headRepo.Equals(c.Repo, StringComparison.OrdinalIgnoreCase) ? headRepo : null;
        var summary = new StringBuilder();
        if (head is not null && baseRef is not null) summary.Append(fork is null ? "" : fork + ":").Append(head).Append(" → ").Append(baseRef);
        if (pr.NonEmptyString("body") is { } body)
        {
            if (summary.Length > 0) summary.Append("\n\n");
            summary.Append(body);
        }
        if (summary.Length == 0) summary.Append(prTitle);

        var details = c.Details()
            .String("action", action)
            .Number("number", number)
            .String("title", prTitle)
            .String("state", pr.String("state"), 32)
            .Boolean("merged", merged)
            .String("head", head, 200)
            .String("head_repository", fork, 200)
            .String("base", baseRef, 200)
            .Strings("labels", Names(pr.Array("labels"), "name"))
            .String("merge_commit_sha", merged ? pr.NonEmptyString("merge_commit_sha") : null, 64)
            .String("merged_by", merged ? Login(pr.Object("merged_by")) : null, 100)
            .String("pull_request_url", pr.String("html_url"));
        var url = pr.String("html_url") ?? NumberedUrl(c.RepoUrl, "pulls", number);
        return c.Accept(type, title, summary.ToString(), url, actor, 0, details);
    }

    private static ParseResult Release(Context c)
    {
        if (c.Root.NonEmptyString("action") is not { } action) return Missing("action");
        if (c.Root.Object("release") is not { } release) return Missing("release");
        if (action != "published") return IgnoredAction(c, action);
        if (release.NonEmptyString("tag_name") is not { } tag) return Missing("release.tag_name");

        var name = IngestText.SingleLine(release.String("name"));
        var label = name.Length == 0 || name == tag ? tag : $"{name} ({tag})";
        var prerelease = release.Boolean("prerelease") ?? false;
        var actor = c.ActorOr(Login(release.Object("author")));
        var title = $"{actor} published {(prerelease ? "pre-release" : "release")} {label} in {c.Repo}";
        var target = release.NonEmptyString("target_commitish");
        var summary = release.NonEmptyString("body") ?? (target is null ? $"Tag {tag}." : $"Tag {tag} on {target}.");

        var details = c.Details()
            .String("action", action)
            .String("tag", tag, 200)
            .String("name", name.Length == 0 ? null : name, 200)
            .String("target", target, 200)
            .Boolean("draft", release.Boolean("draft"))
            .Boolean("prerelease", prerelease)
            .Number("assets", release.Array("assets")?.GetArrayLength())
            .String("release_url", release.String("html_url"));
        var url = release.String("html_url") ?? (c.RepoUrl is null ? null : $"{c.RepoUrl}/releases/tag/{EscapePath(tag)}");
        return c.Accept(EventTypes.ReleasePublished, title, summary, url, actor, 0, details);
    }

    private static ParseResult.Rejected Missing(string field) => new($"Missing required field '{field}'.");

    private static ParseResult.Ignored IgnoredAction(Context c, string action) =>
        new($"Gitea {c.Event} action '{IngestText.SingleLine(action, 64)}' is not turned into an event");

    private static string? Login(JsonElement? user) =>
        user is { } u ? u.NonEmptyString("login") ?? u.NonEmptyString("username") ?? u.NonEmptyString("full_name") : null;

    private static IEnumerable<string>? Names(JsonElement? array, string property) =>
        array?.EnumerateArray().Select(item => item.NonEmptyString(property)).OfType<string>().ToList();

    private static string ShortSha(string? sha) =>
        string.IsNullOrEmpty(sha) ? "" : sha.Length > ShortShaLength ? sha[..ShortShaLength] : sha;

    /// <summary>"#12 " or "" (so the title reads "opened issue #12 in …" or "opened issue in …").</summary>
    private static string Number(long? number) => number is { } n ? "#" + JsonElementExtensions.Invariant(n) + " " : "";

    private static string Suffix(string text) => text.Length == 0 ? "" : ": " + text;

    private static string? NumberedUrl(string? repoUrl, string kind, long? number) =>
        repoUrl is null || number is null ? repoUrl : $"{repoUrl}/{kind}/{JsonElementExtensions.Invariant(number.Value)}";

    /// <summary>{repo}/src/branch/feature/x (Gitea's tree view of a branch or tag).</summary>
    private static string? RefUrl(string? repoUrl, string kind, string name) =>
        repoUrl is null ? null : $"{repoUrl}/src/{kind}/{EscapePath(name)}";

    /// <summary>Each path segment escaped, slashes kept.</summary>
    private static string EscapePath(string name) => string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
}
