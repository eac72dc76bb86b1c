namespace NotifyBridge.Tests.TestSupport;

/// <summary>
/// Base of integration tests that run unchanged on both databases: each concrete test
/// class picks the provider; every test gets a fresh app and database.
/// </summary>
public abstract class AppTestBase : IAsyncLifetime
{
    private NotifyBridgeAppFactory? _app;

    protected NotifyBridgeAppFactory App => _app ?? throw new InvalidOperationException("Not initialised.");

    protected abstract NotifyBridgeAppFactory CreateFactory();

    public async Task InitializeAsync()
    {
        _app = CreateFactory();
        await _app.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
