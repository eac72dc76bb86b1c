namespace NotifyBridge.Infrastructure.Persistence.CompiledQueries;

/// <summary>
/// Holds one EF compiled query per database model. A compiled query binds to the model it
/// first runs against, and the SQLite and PostgreSQL contexts have different models; one
/// process normally uses one of them, but tests (and future tools) use both.
/// </summary>
/// <example>
/// <code>
/// static readonly PerModel&lt;Func&lt;NotifyBridgeDbContext, string, Task&lt;int&gt;&gt;&gt; Count =
///     new(() => EF.CompileAsyncQuery((NotifyBridgeDbContext db, string owner) => db.Providers.Count(p => p.OwnerId == owner)));
/// await Count.For(db)(db, owner);
/// </code>
/// </example>
public sealed class PerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private TQuery? _sqlite;
    private TQuery? _postgres;

    public TQuery For(NotifyBridgeDbContext db) => db is PostgresNotifyBridgeDbContext
        ? _postgres ??= compile()
        : _sqlite ??= compile();
}
