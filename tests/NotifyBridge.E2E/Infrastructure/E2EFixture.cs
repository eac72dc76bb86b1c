using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using NotifyBridge.Tests.TestSupport.Fakes.Telegram;

namespace NotifyBridge.E2E.Infrastructure;

/// <summary>
/// Shared by every E2E test: the app on a free loopback port with a fresh data directory
/// (so it starts at first-run setup), one headless Debian Chromium, and the fake Telegram
/// Bot API the journey's Telegram target sends to.
/// </summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private NotifyBridgeAppFactory? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private FakeTelegramBotApi? _telegram;

    /// <summary>Root of the running app, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialised.");

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "notifybridge-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the step screenshots go (the test output directory).</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public ServerLog ServerLog { get; } = new();

    /// <summary>A fake Telegram Bot API on 127.0.0.1 (the app's outbound policy allows private networks).</summary>
    public FakeTelegramBotApi Telegram => _telegram ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Debian Chromium is required at {ChromiumPath} for the E2E tests (install it with `apt-get install -y chromium`; test.sh does). " +
                "The tests never download a browser and are not skipped without one.");

        if (Directory.Exists(ScreenshotDirectory)) Directory.Delete(ScreenshotDirectory, recursive: true);
        Directory.CreateDirectory(ScreenshotDirectory);
        Directory.CreateDirectory(DataDirectory);

        // Playwright's expectations retry; the machine is small and often shared, so be generous.
        Assertions.SetDefaultExpectTimeout(20_000);

        // Start the browser while the app migrates its database.
        var browserTask = LaunchBrowserAsync();
        try
        {
            _telegram = await FakeTelegramBotApi.StartAsync().ConfigureAwait(false);
            var port = FindFreeLoopbackPort();
            _factory = new NotifyBridgeAppFactory(DataDirectory, ServerLog);
            _factory.UseKestrel(port);
            _factory.StartServer();
            BaseUri = new Uri($"http://127.0.0.1:{port}/");
            await WaitUntilReadyAsync().ConfigureAwait(false);

            var database = Path.Combine(DataDirectory, "notifybridge.db");
            if (!File.Exists(database))
                throw new InvalidOperationException($"The app did not use the temporary data directory: {database} does not exist.");
        }
        catch
        {
            // Leave no server, browser or temp directory behind when start-up fails.
            try
            {
                _browser = await browserTask.ConfigureAwait(false);
            }
            catch (PlaywrightException)
            {
            }
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _browser = await browserTask.ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync().ConfigureAwait(false);
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync().ConfigureAwait(false);
        if (_telegram is not null) await _telegram.DisposeAsync().ConfigureAwait(false);
        try
        {
            if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail the run.
        }
    }

    /// <summary>An HTTP client for the API, pointed at the running app.</summary>
    public HttpClient CreateApiClient() => new() { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };

    private async Task<IBrowser> LaunchBrowserAsync()
    {
        _playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        }).ConfigureAwait(false);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = CreateApiClient();
        var deadline = DateTime.UtcNow + ReadyTimeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("api/ready", UriKind.Relative)).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new TimeoutException($"GET /api/ready did not answer 200 within {ReadyTimeout.TotalSeconds:0} s (last: {last}).");
    }

    private static int FindFreeLoopbackPort()
    {
        // UseKestrel(0) would bind localhost:5000, so ask the OS for a free port explicitly.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class E2ECollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "E2E";
}
