using Microsoft.AspNetCore.DataProtection;

namespace NotifyBridge.Infrastructure.Security;

/// <summary>
/// Encrypts secrets (API keys, webhook secrets, passwords, bot tokens) before they are stored.
/// Backed by ASP.NET Core Data Protection, whose key ring lives outside the database on
/// SQLite (data directory) so a copied database file alone does not reveal secrets.
/// </summary>
public interface ISecretProtector
{
    string Protect(string plaintext);
    string Unprotect(string protectedValue);
}

internal sealed class SecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    // Changing the purpose string would make every stored secret unreadable.
    private readonly IDataProtector _protector = provider.CreateProtector("NotifyBridge.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);
}
