namespace NotifyBridge.Domain.Targets;

/// <summary>One member of a broadcast target. Members may be broadcasts themselves; cycles are refused at save time.</summary>
public sealed class BroadcastMember
{
    public long BroadcastTargetId { get; set; }
    public long MemberTargetId { get; set; }
}
