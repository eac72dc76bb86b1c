using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NotifyBridge.Tests.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temp folder, started on a free loopback
/// port, stopped and deleted after the tests. PostgreSQL refuses to run as root, so as root
/// the server binaries run as the 'postgres' system user through runuser. Durability
/// settings are off because the data dies with the test run anyway.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string SuperUser = "nb";
    private string _root = "";
    private string _binDir = "";

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        _binDir = FindBinDirectory();
        _root = Path.Combine(Path.GetTempPath(), $"nb-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_root);
        if (IsRoot) await RunAsync("chown", ["postgres:postgres", _root], asPostgres: false).ConfigureAwait(false);

        var data = Path.Combine(_root, "data");
        await RunAsync(Path.Combine(_binDir, "initdb"), ["-D", data, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"]).ConfigureAwait(false);
        Port = FreePort();
        var serverOptions = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", data, "-l", Path.Combine(_root, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"]).ConfigureAwait(false);
    }

    /// <summary>A connection string for a database of its own (created by the app's migrator).</summary>
    // Every test gets its own database and so its own connection pool: idle connections are closed
    // after a couple of seconds instead of Npgsql's five minutes, or a few hundred tests in a row
    // would hold more connections open than the server allows.
    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={SuperUser};Database={database};Pooling=true;Include Error Detail=true;Connection Idle Lifetime=2;Connection Pruning Interval=1";

    public static string NewDatabaseName() => $"nb_{Guid.NewGuid():N}";

    public async Task DisposeAsync()
    {
        if (string.IsNullOrEmpty(_root)) return;
        try
        {
            await RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"]).ConfigureAwait(false);
        }
        finally
        {
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinDirectory()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null) return newest;
        }
        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. " +
            "Install them with 'apt-get install -y postgresql' (test.sh does this).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres && IsRoot)
        {
            start.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", file]) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = file;
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        // initdb refuses to start from a directory the postgres user cannot read.
        start.WorkingDirectory = Path.GetTempPath();

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}");
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
