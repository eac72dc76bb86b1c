using NotifyBridge.Domain.Links;
using NotifyBridge.Domain.Notifications;
using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Notifiers;
using NotifyBridge.Infrastructure.Settings;
using NotifyBridge.Infrastructure.Templates;

namespace NotifyBridge.Infrastructure.Targets;

/// <summary>How one send of "Send test" went: success, or the exact upstream error and HTTP status.</summary>
public sealed record TargetTestOutcome(long TargetId, string Name, TargetType Type, bool Succeeded, string? Error, int? HttpStatus);

/// <summary>
/// "Send test" for a target. A broadcast reports each member it reaches in <see cref="Members"/>
/// and succeeds only if all of them did.
/// </summary>
public sealed record TargetTestResult(bool Succeeded, string? Error, int? HttpStatus, IReadOnlyList<TargetTestOutcome> Members);

/// <summary>
/// Sends the sample message straight through the target's notifier, outside the delivery
/// queue (no retries, no circuit breaker, no rate shaping), and reports what the service said.
/// Works on saved targets and on unsaved edits (secrets left empty in the form are the stored ones).
/// </summary>
public sealed class TargetTester(
    TargetService targets,
    NotifierTargetResolver resolver,
    NotifierRegistry notifiers,
    IMessageRenderer renderer,
    AppSettingsService settings,
    TimeProvider timeProvider)
{
    /// <summary>One test never keeps the dialog waiting longer than this.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const int MemberConcurrency = 4;

    /// <summary>Tests a saved target; null when it does not exist (for this owner).</summary>
    public async Task<TargetTestResult?> SendTestAsync(string ownerId, long targetId, CancellationToken cancellationToken)
    {
        var view = await targets.GetAsync(ownerId, targetId, cancellationToken).ConfigureAwait(false);
        if (view is null) return null;
        if (view.Type == TargetType.Broadcast)
            return await TestMembersAsync(view.Name, (await targets.ExpandAsync(targetId, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
        var target = await resolver.GetAsync(targetId, cancellationToken).ConfigureAwait(false);
        if (target is null) return null;
        var outcome = await SendAsync(target, cancellationToken).ConfigureAwait(false);
        return new(outcome.Succeeded, outcome.Error, outcome.HttpStatus, []);
    }

    /// <summary>
    /// Tests what the edit dialog holds, validated as on save (throws <see cref="TargetValidationException"/>);
    /// <paramref name="existingId"/> supplies the stored secrets the form left empty.
    /// </summary>
    public async Task<TargetTestResult> SendTestAsync(string ownerId, TargetInput input, long? existingId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (target, bot, graph) = await targets.PrepareAsync(ownerId, input, existingId, cancellationToken).ConfigureAwait(false);
        if (input.Type == TargetType.Broadcast)
        {
            var reached = (input.MemberIds ?? []).SelectMany(graph.Expand).Distinct().ToList();
            return await TestMembersAsync(target.Name, reached, cancellationToken).ConfigureAwait(false);
        }
        var outcome = await SendAsync(resolver.Resolve(target, bot), cancellationToken).ConfigureAwait(false);
        return new(outcome.Succeeded, outcome.Error, outcome.HttpStatus, []);
    }

    private async Task<TargetTestResult> TestMembersAsync(string broadcastName, IReadOnlyList<long> memberIds, CancellationToken cancellationToken)
    {
        if (memberIds.Count == 0)
            return new(false, $"\"{broadcastName}\" reaches no enabled target.", null, []);
        var outcomes = new TargetTestOutcome[memberIds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, memberIds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MemberConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var member = await resolver.GetAsync(memberIds[i], ct).ConfigureAwait(false);
                outcomes[i] = member is null
                    ? new TargetTestOutcome(memberIds[i], $"#{memberIds[i]}", TargetType.Broadcast, false, "This member no longer exists.", null)
                    : await SendAsync(member, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        var failed = outcomes.Count(o => !o.Succeeded);
        return new(failed == 0, failed == 0 ? null : $"{failed} of {outcomes.Length} members failed.", null, outcomes);
    }

    private async Task<TargetTestOutcome> SendAsync(NotifierTarget target, CancellationToken cancellationToken)
    {
        if (!notifiers.TryGet(target.Type, out var notifier))
            return Outcome(target, false, $"No notifier is available for {target.Type} targets.", null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var locale = (await settings.GetAsync(timeout.Token).ConfigureAwait(false)).DefaultLocale;
            var message = await renderer.RenderAsync(new RenderSubject.Test(target.Name), LinkDisplayOptions.Default, locale, timeout.Token).ConfigureAwait(false);
            var attempt = new DeliveryAttempt(0, "test-" + Guid.NewGuid().ToString("N"), 1, timeProvider.GetUtcNow());
            var result = await notifier.SendAsync(target, message, attempt, timeout.Token).ConfigureAwait(false);
            return Outcome(target, result.Succeeded, result.Succeeded ? null : result.Error ?? DescribeStatus(result.HttpStatus), result.HttpStatus);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome(target, false, $"No answer within {Timeout.TotalSeconds:0} s.", null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Notifiers should not throw for an upstream answer; if one does, the admin still sees why.
            return Outcome(target, false, ex.Message, null);
        }
    }

    private static string DescribeStatus(int? status) => status is { } s ? $"The service answered HTTP {s}." : "The send failed.";

    private static TargetTestOutcome Outcome(NotifierTarget target, bool succeeded, string? error, int? status) =>
        new(target.Id, target.Name, target.Type, succeeded, error, status);
}
