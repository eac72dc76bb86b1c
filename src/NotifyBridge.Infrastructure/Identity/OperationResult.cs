using Microsoft.AspNetCore.Identity;

namespace NotifyBridge.Infrastructure.Identity;

public sealed record OperationResult(bool Succeeded, IReadOnlyList<string> Errors)
{
    public static OperationResult Ok { get; } = new(true, []);

    public static OperationResult Fail(params string[] errors) => new(false, errors);

    public static OperationResult From(IdentityResult result) =>
        result.Succeeded ? Ok : new(false, [.. result.Errors.Select(e => e.Description)]);

    public string ErrorText => string.Join(" ", Errors);
}
