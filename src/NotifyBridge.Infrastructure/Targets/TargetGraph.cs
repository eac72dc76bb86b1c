using NotifyBridge.Domain.Targets;

namespace NotifyBridge.Infrastructure.Targets;

/// <summary>
/// One owner's targets and broadcast memberships, loaded once, with the two questions asked of
/// them: would these members make a cycle, and which real targets does a broadcast reach.
/// Pure over what it was given, so both are unit-tested without a database.
/// </summary>
public sealed class TargetGraph
{
    private readonly IReadOnlyDictionary<long, Node> _nodes;
    private readonly IReadOnlyDictionary<long, IReadOnlyList<long>> _members;

    public TargetGraph(IEnumerable<Node> targets, IEnumerable<BroadcastMember> members)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(members);
        _nodes = targets.ToDictionary(t => t.Id);
        _members = members.GroupBy(m => m.BroadcastTargetId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<long>)[.. g.Select(m => m.MemberTargetId).Distinct().Order()]);
    }

    /// <summary>What the graph needs of a target.</summary>
    public sealed record Node(long Id, string Name, TargetType Type, bool Enabled);

    /// <summary>
    /// The cycle that giving <paramref name="broadcastId"/> these <paramref name="memberIds"/>
    /// would create, as the ids along it from the broadcast back to itself; null when none.
    /// A broadcast that is not saved yet (id 0) cannot be reached from anywhere, so only a
    /// direct self-reference could loop, and it has no id to refer to.
    /// </summary>
    public IReadOnlyList<long>? FindCycle(long broadcastId, IEnumerable<long> memberIds)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        var path = new List<long> { broadcastId };
        var done = new HashSet<long>();
        foreach (var member in memberIds.Distinct())
        {
            if (Reaches(member, broadcastId, path, done)) return [.. path, broadcastId];
        }
        return null;
    }

    /// <summary>The cycle as names: "Family → Everyone → Family".</summary>
    public string Describe(IEnumerable<long> cycle) =>
        string.Join(" → ", cycle.Select(id => _nodes.TryGetValue(id, out var n) ? n.Name : $"#{id}"));

    /// <summary>
    /// The distinct enabled non-broadcast targets that <paramref name="targetId"/> reaches, by
    /// ascending id. A plain target reaches itself; a disabled
    /// target (at any depth, the root included) reaches nothing; cycles, which saving refuses,
    /// are still cut so a bad row can never loop the planner.
    /// </summary>
    public IReadOnlyList<long> Expand(long targetId)
    {
        var result = new List<long>();
        var visited = new HashSet<long>();
        Walk(targetId);
        result.Sort();
        return result;

        void Walk(long id)
        {
            if (!visited.Add(id) || !_nodes.TryGetValue(id, out var node) || !node.Enabled) return;
            if (node.Type != TargetType.Broadcast)
            {
                result.Add(id);
                return;
            }
            foreach (var member in MembersOf(id)) Walk(member);
        }
    }

    private IReadOnlyList<long> MembersOf(long id) => _members.TryGetValue(id, out var members) ? members : [];

    // Depth-first search from 'from' for 'goal' over the stored edges; 'path' collects the way there.
    private bool Reaches(long from, long goal, List<long> path, HashSet<long> done)
    {
        if (from == goal) return true;
        if (!done.Add(from)) return false;
        path.Add(from);
        foreach (var next in MembersOf(from))
        {
            if (Reaches(next, goal, path, done)) return true;
        }
        path.RemoveAt(path.Count - 1);
        return false;
    }
}
