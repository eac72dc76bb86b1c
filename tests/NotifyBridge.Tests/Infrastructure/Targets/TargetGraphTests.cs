using NotifyBridge.Domain.Targets;
using NotifyBridge.Infrastructure.Targets;

namespace NotifyBridge.Tests.Infrastructure.Targets;

public sealed class TargetGraphTests
{
    // 1 Telegram, 2 Discord, 3 Email (disabled), 10 "Family" = {1, 2}, 11 "Everyone" = {10, 3, 2}, 12 "Off" (disabled) = {1}
    private static TargetGraph Graph(params (long Broadcast, long Member)[] extra) => new(
        [
            new(1, "Phone", TargetType.Telegram, true),
            new(2, "Chat", TargetType.Discord, true),
            new(3, "Mail", TargetType.Email, false),
            new(10, "Family", TargetType.Broadcast, true),
            new(11, "Everyone", TargetType.Broadcast, true),
            new(12, "Off", TargetType.Broadcast, false),
        ],
        new (long, long)[] { (10, 1), (10, 2), (11, 10), (11, 3), (11, 2), (12, 1) }.Concat(extra)
            .Select(e => new BroadcastMember { BroadcastTargetId = e.Item1, MemberTargetId = e.Item2 }));

    [Fact]
    public void Expand_PlainTarget_IsItself()
    {
        Assert.Equal([1L], Graph().Expand(1));
    }

    [Fact]
    public void Expand_NestedBroadcast_GivesDistinctEnabledLeaves()
    {
        Assert.Equal([1L, 2L], Graph().Expand(11));
    }

    [Fact]
    public void Expand_DisabledTargetOrBroadcast_ReachesNothing()
    {
        Assert.Empty(Graph().Expand(3));
        Assert.Empty(Graph().Expand(12));
        Assert.Equal([1L, 2L], Graph((11, 12)).Expand(11));
    }

    [Fact]
    public void Expand_UnknownTarget_ReachesNothing()
    {
        Assert.Empty(Graph().Expand(99));
    }

    [Fact]
    public void Expand_StoredCycle_IsCutInsteadOfLooping()
    {
        Assert.Equal([1L, 2L], Graph((10, 11)).Expand(10));
    }

    [Fact]
    public void FindCycle_BroadcastContainingItself_IsACycleOfTwo()
    {
        var graph = Graph();
        var cycle = graph.FindCycle(10, [1, 10]);
        Assert.Equal([10L, 10L], cycle);
        Assert.Equal("Family → Family", graph.Describe(cycle!));
    }

    [Fact]
    public void FindCycle_ThroughAnotherBroadcast_NamesThePath()
    {
        var graph = Graph();
        var cycle = graph.FindCycle(10, [1, 11]);
        Assert.Equal("Family → Everyone → Family", graph.Describe(cycle!));
    }

    [Fact]
    public void FindCycle_ThroughTwoLevels_NamesEveryStep()
    {
        // 13 "Outer" = {11}; making Family contain Outer loops Family → Outer → Everyone → Family.
        var graph = new TargetGraph(
            [new(10, "Family", TargetType.Broadcast, true), new(11, "Everyone", TargetType.Broadcast, true), new(13, "Outer", TargetType.Broadcast, true)],
            [new BroadcastMember { BroadcastTargetId = 11, MemberTargetId = 10 }, new BroadcastMember { BroadcastTargetId = 13, MemberTargetId = 11 }]);
        Assert.Equal("Family → Outer → Everyone → Family", graph.Describe(graph.FindCycle(10, [13])!));
    }

    [Fact]
    public void FindCycle_SharedMembersWithoutLoop_IsNull()
    {
        // Diamond: a broadcast may reach one target along two paths.
        Assert.Null(Graph().FindCycle(11, [10, 2, 1]));
        Assert.Null(Graph().FindCycle(0, [10, 11]));
    }
}
