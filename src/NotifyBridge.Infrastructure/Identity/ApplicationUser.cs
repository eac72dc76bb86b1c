using Microsoft.AspNetCore.Identity;

namespace NotifyBridge.Infrastructure.Identity;

public sealed class ApplicationUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>A disabled user cannot sign in and their API tokens stop working.</summary>
    public bool IsDisabled { get; set; }
}
