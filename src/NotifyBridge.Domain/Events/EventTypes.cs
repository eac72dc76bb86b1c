namespace NotifyBridge.Domain.Events;

/// <summary>
/// The canonical, provider-independent event type names stored in
/// <see cref="Ingest.NormalizedEvent.EventType"/> and matched by link filters:
/// lower_snake_case, at most <see cref="MaxLength"/> characters.
/// </summary>
public static class EventTypes
{
    public const int MaxLength = 64;

    // Gitea (and any other forge later)
    public const string Push = "push";
    public const string BranchCreated = "branch_created";
    public const string BranchDeleted = "branch_deleted";
    public const string TagCreated = "tag_created";
    public const string TagDeleted = "tag_deleted";
    public const string IssueOpened = "issue_opened";
    public const string IssueClosed = "issue_closed";
    public const string IssueReopened = "issue_reopened";
    public const string IssueComment = "issue_comment";
    public const string PullRequestOpened = "pull_request_opened";
    public const string PullRequestClosed = "pull_request_closed";
    public const string PullRequestReopened = "pull_request_reopened";
    public const string PullRequestMerged = "pull_request_merged";
    public const string PullRequestComment = "pull_request_comment";
    public const string ReleasePublished = "release_published";

    // Home Assistant
    public const string HomeAssistantNotification = "ha_notification";

    // Generic webhook default
    public const string Webhook = "webhook";

    // Immich (polled)
    public const string AssetsAdded = "assets_added";
    public const string AssetsRemoved = "assets_removed";
    public const string AlbumRenamed = "album_renamed";
    public const string AlbumDeleted = "album_deleted";

    /// <summary>Every type NotifyBridge itself produces (Home Assistant and generic senders may add their own).</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        Push, BranchCreated, BranchDeleted, TagCreated, TagDeleted,
        IssueOpened, IssueClosed, IssueReopened, IssueComment,
        PullRequestOpened, PullRequestClosed, PullRequestReopened, PullRequestMerged, PullRequestComment,
        ReleasePublished,
        HomeAssistantNotification,
        Webhook,
        AssetsAdded, AssetsRemoved, AlbumRenamed, AlbumDeleted,
    ];

    /// <summary>True for a non-empty name of lower-case ASCII letters, digits and underscores, at most 64 characters.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength) return false;
        foreach (var c in value)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')) return false;
        }
        return true;
    }

    /// <summary>
    /// Turns free text ("Build Failed", "deploy.finished") into a valid type name
    /// ("build_failed", "deploy_finished"): ASCII letters are lower-cased, every run of other
    /// characters becomes one underscore, leading/trailing underscores go, and the result is
    /// cut to 64 characters. Null when nothing usable is left.
    /// </summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var builder = new System.Text.StringBuilder(Math.Min(value.Length, MaxLength));
        var pendingUnderscore = false;
        foreach (var c in value)
        {
            char mapped;
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') mapped = c;
            else if (c is >= 'A' and <= 'Z') mapped = (char)(c + ('a' - 'A'));
            else
            {
                pendingUnderscore = builder.Length > 0;
                continue;
            }
            if (pendingUnderscore)
            {
                if (builder.Length + 2 > MaxLength) break;
                builder.Append('_');
                pendingUnderscore = false;
            }
            if (builder.Length + 1 > MaxLength) break;
            builder.Append(mapped);
        }
        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>A short human label for a type ("Pull request merged"); unknown types are returned as they are.</summary>
    public static string DisplayName(string eventType) => eventType switch
    {
        Push => "Push",
        BranchCreated => "Branch created",
        BranchDeleted => "Branch deleted",
        TagCreated => "Tag created",
        TagDeleted => "Tag deleted",
        IssueOpened => "Issue opened",
        IssueClosed => "Issue closed",
        IssueReopened => "Issue reopened",
        IssueComment => "Issue comment",
        PullRequestOpened => "Pull request opened",
        PullRequestClosed => "Pull request closed",
        PullRequestReopened => "Pull request reopened",
        PullRequestMerged => "Pull request merged",
        PullRequestComment => "Pull request comment",
        ReleasePublished => "Release published",
        HomeAssistantNotification => "Home Assistant notification",
        Webhook => "Webhook",
        AssetsAdded => "Assets added",
        AssetsRemoved => "Assets removed",
        AlbumRenamed => "Album renamed",
        AlbumDeleted => "Album deleted",
        _ => eventType,
    };
}
