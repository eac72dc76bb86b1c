namespace NotifyBridge.Infrastructure.Identity;

public sealed record UserSummary(string Id, string Email, string? DisplayName, string Role, bool IsDisabled, bool IsLockedOut, DateTime CreatedAt);
