using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>
/// Sample subjects: what the editor previews when no real event is chosen, what a template is
/// test-rendered against before it is saved, and what the golden files show. Details follow
/// the shapes the ingest parsers store (Gitea) or will store (Immich).
/// </summary>
public static class TemplateSamples
{
    public const string SampleOwner = "sample";
    public static readonly DateTime At = new(2025, 3, 14, 9, 30, 0, DateTimeKind.Utc);

    private const string Repo = "acme/website";
    private const string RepoUrl = "https://git.example.com/acme/website";
    private const string Album = "Trip to Lisbon";
    private const string AlbumUrl = "https://photos.example.com/albums/5f0c2b1e";

    /// <summary>The subjects a template named <paramref name="name"/> is checked against before it is saved.</summary>
    public static IReadOnlyList<RenderSubject> For(string name) => name switch
    {
        TemplateNames.Batch => [AssetsBurst(), LargeImport(), PushBurst()],
        TemplateNames.Digest => [Digest()],
        TemplateNames.Test => [new RenderSubject.Test("Family chat")],
        TemplateNames.Fallback => [new RenderSubject.SingleEvent(Event("backup_finished")), new RenderSubject.SingleEvent(Event(EventTypes.Webhook))],
        _ => [new RenderSubject.SingleEvent(Event(name))],
    };

    /// <summary>
    /// A realistic event of the type; unknown types get a generic webhook-style event. Ids are
    /// 1001+ (the type's place in <see cref="EventTypes.Known"/>), 1000 for other types.
    /// </summary>
    public static EventLogEntry Event(string eventType, long? id = null, DateTime? at = null)
    {
        var e = Create(eventType);
        e.Id = id ?? 1001 + EventTypes.Known.ToList().IndexOf(eventType);
        e.CreatedAt = at ?? At;
        return e;
    }

    /// <summary>"Anna added 37 photos to Trip to Lisbon": five events by one person in a burst window.</summary>
    public static RenderSubject.Batch AssetsBurst()
    {
        var events = Enumerable.Range(0, 5).Select(i => Photos(100 + i, "Anna", i == 4 ? 9 : 7, At.AddSeconds(i * 10))).ToList();
        return new RenderSubject.Batch(new DeferredDispatch
        {
            Id = 11, LinkId = 1, Kind = DeferredDispatchKind.Burst, EventType = EventTypes.AssetsAdded, CollectionKey = "5f0c2b1e",
            CollectionName = Album, EventCount = 5, AssetCount = 37, Actor = "Anna", FirstEventAt = At, LastEventAt = At.AddSeconds(40),
            AssetIdsJson = AssetIds(37), UpdatedAt = At.AddSeconds(40),
        }, events);
    }

    /// <summary>A 50,000-photo import by three people during quiet hours: 500 assets stored, 49,500 more.</summary>
    public static RenderSubject.Batch LargeImport()
    {
        string[] people = ["Anna", "Ben", "Chris"];
        var start = At.AddHours(-8);
        var events = Enumerable.Range(0, 3).Select(i => Photos(200 + i, people[i], 16_000 + (i * 1_000), start.AddMinutes(i * 40))).ToList();
        return new RenderSubject.Batch(new DeferredDispatch
        {
            Id = 12, LinkId = 1, Kind = DeferredDispatchKind.QuietHours, EventType = EventTypes.AssetsAdded, CollectionKey = "5f0c2b1e",
            CollectionName = Album, EventCount = 3, AssetCount = 50_000, MoreAssetCount = 49_500, SeveralActors = true,
            FirstEventAt = start, LastEventAt = start.AddMinutes(80), AssetIdsJson = AssetIds(500), UpdatedAt = start.AddMinutes(80),
        }, events);
    }

    /// <summary>Four pushes to one repository inside a burst window.</summary>
    public static RenderSubject.Batch PushBurst()
    {
        var events = Enumerable.Range(0, 4).Select(i => Event(EventTypes.Push, 300 + i, At.AddSeconds(i * 15))).ToList();
        return new RenderSubject.Batch(new DeferredDispatch
        {
            Id = 13, LinkId = 1, Kind = DeferredDispatchKind.Burst, EventType = EventTypes.Push, CollectionKey = Repo, CollectionName = Repo,
            EventCount = 4, Actor = "alice", FirstEventAt = At, LastEventAt = At.AddSeconds(45), UpdatedAt = At.AddSeconds(45),
        }, events);
    }

    /// <summary>Summary mode: 25 events held overnight, 20 of them given (the renderer lists at most 20).</summary>
    public static RenderSubject.Batch Digest()
    {
        string[] types =
        [
            EventTypes.Push, EventTypes.IssueOpened, EventTypes.PullRequestMerged, EventTypes.HomeAssistantNotification, EventTypes.AssetsAdded,
        ];
        var start = At.AddHours(-9);
        var events = Enumerable.Range(0, 20).Select(i => Event(types[i % types.Length], 400 + i, start.AddMinutes(i * 23))).ToList();
        return new RenderSubject.Batch(new DeferredDispatch
        {
            Id = 14, LinkId = 1, Kind = DeferredDispatchKind.Digest, EventType = DeferredDispatch.DigestEventType, EventCount = 25,
            FirstEventAt = start, LastEventAt = start.AddMinutes(8 * 60 + 50), SeveralActors = true, UpdatedAt = At,
        }, events);
    }

    private static string AssetIds(int count) =>
        System.Text.Json.JsonSerializer.Serialize(Enumerable.Range(1, count).Select(i => $"asset-{i:D5}"));

    private static EventLogEntry Photos(long id, string actor, int count, DateTime at)
    {
        var e = Create(EventTypes.AssetsAdded);
        e.Id = id;
        e.Actor = actor;
        e.AssetsCount = count;
        e.Title = $"{actor} added {count} photos to {Album}";
        e.CreatedAt = at;
        return e;
    }

    private static EventLogEntry Create(string type) => type switch
    {
        EventTypes.Push => Gitea(type, "alice pushed 3 commits to main in acme/website",
            "9f8e7d6 Fix header layout on small screens\n5c4b3a2 Add German translation\n1a2b3c4 Bump version to 1.4.2",
            $"{RepoUrl}/compare/0d1e2f3...9f8e7d6", 3,
            $$"""{"event":"push","ref":"refs/heads/main","branch":"main","before":"0d1e2f3a4b5c","after":"9f8e7d6c5b4a","compare_url":"{{RepoUrl}}/compare/0d1e2f3...9f8e7d6","total_commits":3,"commits":[{"id":"9f8e7d6","message":"Fix header layout on small screens","url":"{{RepoUrl}}/commit/9f8e7d6","author":"alice"},{"id":"5c4b3a2","message":"Add German translation","url":"{{RepoUrl}}/commit/5c4b3a2","author":"bob"},{"id":"1a2b3c4","message":"Bump version to 1.4.2","url":"{{RepoUrl}}/commit/1a2b3c4","author":"alice"}],"repository":"{{Repo}}","repository_url":"{{RepoUrl}}"}"""),
        EventTypes.BranchCreated => Gitea(type, "alice created branch feature/login in acme/website", "Branch feature/login at commit 9f8e7d6.",
            $"{RepoUrl}/src/branch/feature/login", 0,
            $$"""{"event":"create","ref":"feature/login","ref_type":"branch","sha":"9f8e7d6c5b4a3210","repository":"{{Repo}}","repository_url":"{{RepoUrl}}"}"""),
        EventTypes.BranchDeleted => Gitea(type, "alice deleted branch feature/old-login in acme/website", "Branch feature/old-login was deleted.",
            RepoUrl, 0, $$"""{"event":"delete","ref":"feature/old-login","ref_type":"branch","repository":"{{Repo}}","repository_url":"{{RepoUrl}}"}"""),
        EventTypes.TagCreated => Gitea(type, "alice created tag v1.4.2 in acme/website", "Tag v1.4.2 at commit 9f8e7d6.",
            $"{RepoUrl}/src/tag/v1.4.2", 0,
            $$"""{"event":"create","ref":"v1.4.2","ref_type":"tag","sha":"9f8e7d6c5b4a3210","repository":"{{Repo}}","repository_url":"{{RepoUrl}}"}"""),
        EventTypes.TagDeleted => Gitea(type, "alice deleted tag v1.4.1-rc1 in acme/website", "Tag v1.4.1-rc1 was deleted.",
            RepoUrl, 0, $$"""{"event":"delete","ref":"v1.4.1-rc1","ref_type":"tag","repository":"{{Repo}}","repository_url":"{{RepoUrl}}"}"""),
        EventTypes.IssueOpened => Issue(type, "opened", "open", "alice", "Logging in fails when the password contains umlauts.\nSteps: use \"Pässwort\" & press Enter."),
        EventTypes.IssueClosed => Issue(type, "closed", "closed", "bob", "Login fails with umlauts in password"),
        EventTypes.IssueReopened => Issue(type, "reopened", "open", "alice", "Login fails with umlauts in password"),
        EventTypes.IssueComment => Comment(type, isPull: false, 42, "Login fails with umlauts in password", "I can reproduce this on 1.4.1 — looks like the form posts Latin-1."),
        EventTypes.PullRequestOpened => PullRequest(type, "opened", "alice", merged: false),
        EventTypes.PullRequestClosed => PullRequest(type, "closed", "bob", merged: false),
        EventTypes.PullRequestReopened => PullRequest(type, "reopened", "alice", merged: false),
        EventTypes.PullRequestMerged => PullRequest(type, "closed", "bob", merged: true),
        EventTypes.PullRequestComment => Comment(type, isPull: true, 17, "Add dark mode", "Looks good to me, just one nit about the toggle label."),
        EventTypes.ReleasePublished => Gitea(type, "alice published release Spring release (v1.4.2) in acme/website",
            "Highlights:\n- Dark mode\n- German translation\n- Faster start-up", $"{RepoUrl}/releases/tag/v1.4.2", 0,
            $$"""{"event":"release","action":"published","tag":"v1.4.2","name":"Spring release","target":"main","draft":false,"prerelease":false,"assets":2,"release_url":"{{RepoUrl}}/releases/tag/v1.4.2","repository":"{{Repo}}","repository_url":"{{RepoUrl}}"}"""),
        EventTypes.HomeAssistantNotification => new EventLogEntry
        {
            OwnerId = SampleOwner, ProviderName = "Home Assistant", EventType = type, Title = "Washing machine",
            Summary = "The laundry is done. Please empty the drum.", Url = "https://ha.example.com/lovelace/utility",
            CollectionId = "sensor.washing_machine", CollectionName = "Utility room", Severity = EventSeverity.Normal,
            DetailsJson = """{"source":"json","data":{"area":"Utility room","entity_id":"sensor.washing_machine"}}""",
        },
        EventTypes.AssetsAdded => new EventLogEntry
        {
            OwnerId = SampleOwner, ProviderName = "Immich", EventType = type, Title = $"Anna added 3 photos to {Album}", Summary = "",
            Url = AlbumUrl, Actor = "Anna", CollectionId = "5f0c2b1e", CollectionName = Album, AssetsCount = 3,
            DetailsJson = """{"assets":[{"id":"a1","file_name":"IMG_0412.jpg","type":"IMAGE","thumbnail_url":"https://photos.example.com/api/assets/a1/thumbnail"},{"id":"a2","file_name":"IMG_0413.jpg","type":"IMAGE","thumbnail_url":"https://photos.example.com/api/assets/a2/thumbnail"},{"id":"a3","file_name":"VID_0414.mp4","type":"VIDEO","thumbnail_url":"https://photos.example.com/api/assets/a3/thumbnail"}],"people":["Anna","Ben"],"location":"Lisbon, Portugal"}""",
        },
        EventTypes.AssetsRemoved => new EventLogEntry
        {
            OwnerId = SampleOwner, ProviderName = "Immich", EventType = type, Title = $"Anna removed 2 photos from {Album}", Summary = "",
            Url = AlbumUrl, Actor = "Anna", CollectionId = "5f0c2b1e", CollectionName = Album, AssetsCount = 2,
            DetailsJson = """{"assets":[{"id":"a7","file_name":"IMG_0420.jpg","type":"IMAGE"},{"id":"a8","file_name":"IMG_0421.jpg","type":"IMAGE"}]}""",
        },
        EventTypes.AlbumRenamed => new EventLogEntry
        {
            OwnerId = SampleOwner, ProviderName = "Immich", EventType = type, Title = $"Anna renamed album Lisbon to {Album}", Summary = "",
            Url = AlbumUrl, Actor = "Anna", CollectionId = "5f0c2b1e", CollectionName = Album,
            DetailsJson = $$"""{"old_name":"Lisbon","new_name":"{{Album}}"}""",
        },
        EventTypes.AlbumDeleted => new EventLogEntry
        {
            OwnerId = SampleOwner, ProviderName = "Immich", EventType = type, Title = "Anna deleted album Old scans", Summary = "",
            Actor = "Anna", CollectionId = "77aa01", CollectionName = "Old scans", DetailsJson = "{}",
        },
        _ => new EventLogEntry
        {
            OwnerId = SampleOwner, ProviderName = type == EventTypes.Webhook ? "CI" : "Backup script", EventType = type,
            Title = type == EventTypes.Webhook ? "Deployment finished" : "Nightly backup finished",
            Summary = type == EventTypes.Webhook ? "website 1.4.2 is live on prod-1 (took 48 s)." : "Backed up 12.4 GB from /srv in 4 min 12 s.",
            Url = "https://ci.example.com/jobs/812", CollectionId = "prod", CollectionName = "prod",
            DetailsJson = """{"status":"ok","duration_s":252}""",
        },
    };

    private static EventLogEntry Gitea(string type, string title, string summary, string url, int assets, string details) => new()
    {
        OwnerId = SampleOwner, ProviderName = "Gitea", EventType = type, Title = title, Summary = summary, Url = url,
        Actor = "alice", CollectionId = Repo, CollectionName = Repo, AssetsCount = assets, DetailsJson = details,
    };

    private static EventLogEntry Issue(string type, string action, string state, string actor, string body)
    {
        var e = Gitea(type, $"{actor} {action} issue #42 in acme/website: Login fails with umlauts in password", body, $"{RepoUrl}/issues/42", 0,
            $$"""{"event":"issues","action":"{{action}}","number":42,"title":"Login fails with umlauts in password","state":"{{state}}","labels":["bug","auth"],"assignees":["bob"],"issue_url":"{{RepoUrl}}/issues/42","repository":"{{Repo}}","repository_url":"{{RepoUrl}}"}""");
        e.Actor = actor;
        return e;
    }

    private static EventLogEntry Comment(string type, bool isPull, int number, string subject, string body)
    {
        var kind = isPull ? "pulls" : "issues";
        var e = Gitea(type, $"bob commented on {(isPull ? "pull request" : "issue")} #{number} in acme/website: {subject}", body,
            $"{RepoUrl}/{kind}/{number}#issuecomment-1001", 0,
            $$"""{"event":"issue_comment","action":"created","number":{{number}},"title":"{{subject}}","is_pull":{{(isPull ? "true" : "false")}},"comment_id":1001,"comment_url":"{{RepoUrl}}/{{kind}}/{{number}}#issuecomment-1001","issue_url":"{{RepoUrl}}/{{kind}}/{{number}}","repository":"{{Repo}}","repository_url":"{{RepoUrl}}"}""");
        e.Actor = "bob";
        return e;
    }

    private static EventLogEntry PullRequest(string type, string action, string actor, bool merged)
    {
        var verb = merged ? "merged" : action;
        var extra = merged ? ""","merge_commit_sha":"7e6d5c4b3a29","merged_by":"bob" """.TrimEnd() : "";
        var e = Gitea(type, $"{actor} {verb} pull request #17 in acme/website: Add dark mode", "feature/dark-mode → main\n\nAdds a dark theme and a toggle in the header.",
            $"{RepoUrl}/pulls/17", 0,
            $$"""{"event":"pull_request","action":"{{action}}","number":17,"title":"Add dark mode","state":"{{(action == "closed" ? "closed" : "open")}}","merged":{{(merged ? "true" : "false")}},"head":"feature/dark-mode","base":"main","labels":["enhancement"]{{extra}},"pull_request_url":"{{RepoUrl}}/pulls/17","repository":"{{Repo}}","repository_url":"{{RepoUrl}}"}""");
        e.Actor = actor;
        return e;
    }
}
