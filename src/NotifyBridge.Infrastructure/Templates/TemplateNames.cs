using NotifyBridge.Domain.Dispatch.Deferral;
using NotifyBridge.Domain.Events;

namespace NotifyBridge.Infrastructure.Templates;

/// <summary>
/// Which template renders what. A template is named by an event type, or by one of the special
/// names below. Special names start with an underscore, which no event type can
/// (<see cref="EventTypes.Normalize"/> strips it), so they never collide.
/// </summary>
public static class TemplateNames
{
    /// <summary>Any event type without a template of its own (Home Assistant or generic senders' custom types).</summary>
    public const string Fallback = "_default";

    /// <summary>A burst or quiet-hours row holding several events of one type ("Anna added 37 photos to Trip").</summary>
    public const string Batch = "_batch";

    /// <summary>Summary mode: one message listing everything held during quiet hours.</summary>
    public const string Digest = "_digest";

    /// <summary>The message "Send test" sends.</summary>
    public const string Test = "_test";

    public static IReadOnlyList<string> Special { get; } = [Fallback, Batch, Digest, Test];

    /// <summary>Every name with a built-in default: the known event types, then the special names.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [.. EventTypes.Known, .. Special];

    public static bool IsSpecial(string? name) => name is not null && Special.Contains(name, StringComparer.Ordinal);

    /// <summary>A special name, or a valid event type (custom types may have templates too).</summary>
    public static bool IsValid(string? name) => IsSpecial(name) || (EventTypes.IsValid(name) && !name!.StartsWith('_'));

    /// <summary>
    /// The template a subject is rendered with. A quiet-hours or burst row that holds a single
    /// event looks like that event's own message; a digest always uses the digest template.
    /// </summary>
    public static string For(RenderSubject subject) => subject switch
    {
        RenderSubject.SingleEvent single => single.Event.EventType,
        RenderSubject.Batch { Row.Kind: DeferredDispatchKind.Digest } => Digest,
        RenderSubject.Batch batch when IsSingle(batch) => batch.Events[0].EventType,
        RenderSubject.Batch => Batch,
        RenderSubject.Test => Test,
        _ => throw new ArgumentOutOfRangeException(nameof(subject)),
    };

    internal static bool IsSingle(RenderSubject.Batch batch) =>
        batch.Row.Kind != DeferredDispatchKind.Digest && batch.Row.EventCount <= 1 && batch.Events.Count == 1;

    /// <summary>A label for lists and the editor (English, like the rest of the UI).</summary>
    public static string DisplayName(string name) => name switch
    {
        Fallback => "Any other event type",
        Batch => "Batch (burst or quiet hours)",
        Digest => "Digest (summary mode)",
        Test => "Send test",
        _ => EventTypes.DisplayName(name),
    };

    /// <summary>The type's name in the message's language (<c>event.type_name</c>); unknown types are returned as they are.</summary>
    public static string TypeName(string eventType, string locale) =>
        locale == "de" && GermanTypeNames.TryGetValue(eventType, out var german) ? german : EventTypes.DisplayName(eventType);

    private static readonly Dictionary<string, string> GermanTypeNames = new(StringComparer.Ordinal)
    {
        [EventTypes.Push] = "Push",
        [EventTypes.BranchCreated] = "Branch erstellt",
        [EventTypes.BranchDeleted] = "Branch gelöscht",
        [EventTypes.TagCreated] = "Tag erstellt",
        [EventTypes.TagDeleted] = "Tag gelöscht",
        [EventTypes.IssueOpened] = "Issue eröffnet",
        [EventTypes.IssueClosed] = "Issue geschlossen",
        [EventTypes.IssueReopened] = "Issue wieder geöffnet",
        [EventTypes.IssueComment] = "Issue-Kommentar",
        [EventTypes.PullRequestOpened] = "Pull-Request geöffnet",
        [EventTypes.PullRequestClosed] = "Pull-Request geschlossen",
        [EventTypes.PullRequestReopened] = "Pull-Request wieder geöffnet",
        [EventTypes.PullRequestMerged] = "Pull-Request gemergt",
        [EventTypes.PullRequestComment] = "Pull-Request-Kommentar",
        [EventTypes.ReleasePublished] = "Release veröffentlicht",
        [EventTypes.HomeAssistantNotification] = "Home-Assistant-Benachrichtigung",
        [EventTypes.Webhook] = "Webhook",
        [EventTypes.AssetsAdded] = "Fotos hinzugefügt",
        [EventTypes.AssetsRemoved] = "Fotos entfernt",
        [EventTypes.AlbumRenamed] = "Album umbenannt",
        [EventTypes.AlbumDeleted] = "Album gelöscht",
    };
}
