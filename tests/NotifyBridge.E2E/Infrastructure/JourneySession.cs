using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;

namespace NotifyBridge.E2E.Infrastructure;

/// <summary>
/// One browser session carried through the ordered steps of a journey: the signed-in
/// cookies, the open page, the screenshot counter, and which step last completed, so a
/// later step reports the earlier failure instead of failing in a confusing way.
/// </summary>
public sealed class JourneySession(E2EFixture app) : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _browserErrors = new();
    private IBrowserContext? _context;
    private IPage? _page;
    private int _screenshotNumber;
    private int _serverErrorsSeen;

    public E2EFixture App => app;

    public IBrowserContext Context => _context ?? throw new InvalidOperationException("The session is not initialised.");

    public IPage Page => _page ?? throw new InvalidOperationException("The session is not initialised.");

    public int CompletedStep { get; private set; }

    /// <summary>Opens the session; its Playwright trace is saved to <c>traces/journey.zip</c> at the end.</summary>
    public async Task InitializeAsync()
    {
        _context = await NewContextAsync(new BrowserNewContextOptions()).ConfigureAwait(false);
        await _context.Tracing.StartAsync(new TracingStartOptions { Snapshots = true }).ConfigureAwait(false);
        _page = await _context.NewPageAsync().ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_context is null) return;
        var traces = Path.Combine(AppContext.BaseDirectory, "traces");
        Directory.CreateDirectory(traces);
        await _context.Tracing.StopAsync(new TracingStopOptions { Path = Path.Combine(traces, "journey.zip") }).ConfigureAwait(false);
        await _context.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A browser context on the app whose pages report console and script errors to this session.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        options.BaseURL = app.BaseUri.ToString();
        options.Locale ??= "en-US";
        options.TimezoneId ??= "UTC";
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 800 };
        var context = await app.Browser.NewContextAsync(options).ConfigureAwait(false);
        context.SetDefaultTimeout(20_000);
        context.Page += (_, page) => Watch(page);
        return context;
    }

    /// <summary>
    /// Runs one step: refuses to start when the previous one did not complete, screenshots
    /// the page if the step fails, and fails the step on new browser or server errors.
    /// </summary>
    public async Task RunStepAsync(int step, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (CompletedStep != step - 1)
            Assert.Fail($"Step {step} needs step {step - 1} of the journey, which did not complete (see its failure).");
        try
        {
            await body().ConfigureAwait(false);
        }
        catch
        {
            await TryScreenshotAsync($"step{step}-FAILED").ConfigureAwait(false);
            throw;
        }
        AssertNoNewErrors(step);
        CompletedStep = step;
    }

    /// <summary>Takes the browser errors containing <paramref name="fragment"/> as expected; fails if there was none.</summary>
    public void ExpectBrowserError(string fragment)
    {
        var kept = new List<string>();
        var matched = 0;
        while (_browserErrors.TryDequeue(out var error))
        {
            if (error.Contains(fragment, StringComparison.Ordinal)) matched++;
            else kept.Add(error);
        }
        kept.ForEach(_browserErrors.Enqueue);
        Assert.True(matched > 0, $"Expected a browser error containing '{fragment}'.");
    }

    public Task ScreenshotAsync(string name, bool fullPage = true) => ScreenshotAsync(Page, name, fullPage);

    /// <summary>
    /// Full-page PNG named <c>NN-name.png</c>, numbered in journey order, with the page's
    /// DOM beside it as <c>NN-name.html</c> (handy when a selector stops matching).
    /// <paramref name="fullPage"/> false keeps to the viewport: an open dialog is a fixed overlay
    /// that a full-page capture shows cut off over a stretched page.
    /// </summary>
    public async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        var number = Interlocked.Increment(ref _screenshotNumber).ToString("00", CultureInfo.InvariantCulture);
        var path = Path.Combine(app.ScreenshotDirectory, $"{number}-{name}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path + ".png", FullPage = fullPage }).ConfigureAwait(false);
        await File.WriteAllTextAsync(path + ".html", await page.ContentAsync().ConfigureAwait(false)).ConfigureAwait(false);
    }

    private async Task TryScreenshotAsync(string name)
    {
        try
        {
            await ScreenshotAsync(Page, name).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException or IOException)
        {
            // Best effort: never hide the step's own failure.
        }
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error") _browserErrors.Enqueue($"console error on {page.Url}: {message.Text}");
        };
        page.PageError += (_, error) => _browserErrors.Enqueue($"script error on {page.Url}: {error}");
    }

    private void AssertNoNewErrors(int step)
    {
        var problems = new List<string>();
        while (_browserErrors.TryDequeue(out var error)) problems.Add(error);
        var serverErrors = app.ServerLog.Errors;
        problems.AddRange(serverErrors.Skip(_serverErrorsSeen).Select(e => "server log: " + e));
        _serverErrorsSeen = serverErrors.Count;
        Assert.True(problems.Count == 0, $"Step {step} produced errors:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }
}
