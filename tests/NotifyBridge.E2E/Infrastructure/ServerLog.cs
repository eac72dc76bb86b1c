using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NotifyBridge.E2E.Infrastructure;

/// <summary>
/// Records what the app under test logs at Error and above, so a step can fail on a
/// server-side error (an exception in a circuit, say) that the browser never shows.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _problems = new();
    private int _deliberateFailures;

    /// <summary>Entries at Error or above, oldest first (the deliberate test failures excepted).</summary>
    public IReadOnlyList<string> Errors => [.. _problems];

    /// <summary>How many errors were logged for <see cref="DeliberateFailureStartupFilter"/>'s exceptions.</summary>
    public int DeliberateFailures => Volatile.Read(ref _deliberateFailures);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            if (exception?.ToString().Contains(DeliberateFailureStartupFilter.Marker, StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref owner._deliberateFailures);
                return;
            }
            owner._problems.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }
}
