using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NotifyBridge.Domain.Accounts;

namespace NotifyBridge.Infrastructure.Identity;

/// <summary>The two roles exist from the first migration on, so boot never has to create them.</summary>
internal sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public const string AdminRoleId = "7b0c6f52-5d7e-4d8c-9a43-000000000001";
    public const string UserRoleId = "7b0c6f52-5d7e-4d8c-9a43-000000000002";

    public void Configure(EntityTypeBuilder<IdentityRole> builder) => builder.HasData(
        new IdentityRole { Id = AdminRoleId, Name = Roles.Admin, NormalizedName = Roles.Admin.ToUpperInvariant(), ConcurrencyStamp = AdminRoleId },
        new IdentityRole { Id = UserRoleId, Name = Roles.User, NormalizedName = Roles.User.ToUpperInvariant(), ConcurrencyStamp = UserRoleId });
}
