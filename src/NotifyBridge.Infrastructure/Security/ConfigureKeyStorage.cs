using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using NotifyBridge.Infrastructure.Persistence;

namespace NotifyBridge.Infrastructure.Security;

/// <summary>
/// Where the Data Protection key ring lives. SQLite (one box): a folder in the data
/// directory, kept apart from the database so a copied .db file does not carry the keys to
/// its own secrets. PostgreSQL (several instances): the database, so every instance shares
/// one key ring.
/// </summary>
internal sealed class ConfigureKeyStorage(IServiceProvider services) : IConfigureOptions<KeyManagementOptions>
{
    public void Configure(KeyManagementOptions options)
    {
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            options.XmlRepository = new EntityFrameworkCoreXmlRepository<NotifyBridgeDbContext>(services, loggerFactory);
        }
        else
        {
            var directory = new DirectoryInfo(services.GetRequiredService<IOptions<StorageOptions>>().Value.KeysDirectory);
            directory.Create();
            options.XmlRepository = new FileSystemXmlRepository(directory, loggerFactory);
        }
    }
}
