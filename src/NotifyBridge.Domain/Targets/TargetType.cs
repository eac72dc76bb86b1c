namespace NotifyBridge.Domain.Targets;

/// <summary>Where a target sends. Stored as its name.</summary>
public enum TargetType
{
    Telegram = 0,
    Discord,
    Email,
    Matrix,
    Webhook,
    /// <summary>A named group of other targets; one send fans out to every member.</summary>
    Broadcast,
}
