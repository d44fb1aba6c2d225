using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Npgsql;

namespace Uonet.Access.Testing.PostgreSql;

/// <summary>
/// The PostgreSQL server of the whole test run: the one named by <c>UONET_ACCESS_POSTGRES</c> when it is set, otherwise a
/// throwaway server started through <c>eng/postgres.sh</c> on first use and stopped (its folder deleted) as soon as the
/// test process ends. Without either, every test fails with one message saying what to do.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "UONET_ACCESS_POSTGRES";

    // Waits in the background until the test process is gone, then stops the server and deletes its folder. The test
    // host may be ended abruptly once the last result is reported, before any clean-up code of its own has finished, so
    // the clean-up lives outside it: `setsid -f` detaches it from the host's process tree.
    private const string Watchdog = """
        exec </dev/null >/dev/null 2>&1
        while kill -0 "$1" 2>/dev/null; do sleep 1; done
        bash "$2" stop "$3"
        rm -rf "$3"
        """;

    private static readonly Lazy<string> Started = new(() => NamedOrStarted(Variable), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<NpgsqlDataSource> Shared = new(() => NpgsqlDataSource.Create(ConnectionString), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether a server is known to be running (false before first use and when none could be started).</summary>
    public static bool IsRunning => Started.IsValueCreated;

    /// <summary>The server's connection string (starts the throwaway server on first use).</summary>
    public static string ConnectionString => Started.Value;

    /// <summary>One pooled data source for the tests that need no pool of their own.</summary>
    public static NpgsqlDataSource DataSource => Shared.Value;

    /// <summary>The path of <c>eng/postgres.sh</c>, for tests that start and stop a server of their own.</summary>
    public static string Script => Path.Combine(RepositoryRoot, "eng", "postgres.sh");

    /// <summary>
    /// Where the repository is: where the tests were built from, or else (the build moved elsewhere) the nearest folder
    /// above the test assembly that holds <c>eng/postgres.sh</c>.
    /// </summary>
    private static string RepositoryRoot
    {
        get
        {
            var built = typeof(PostgresServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
            if (File.Exists(Path.Combine(built, "eng", "postgres.sh")))
            {
                return built;
            }

            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "eng", "postgres.sh")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"eng/postgres.sh was found neither in {built} nor above {AppContext.BaseDirectory}; set {Variable} to a server's connection string instead.");
        }
    }

    /// <summary>
    /// The server named by the environment variable <paramref name="variable"/>, or else a throwaway one started now and
    /// stopped when the test process ends; fails with what to do when neither is possible.
    /// </summary>
    internal static string NamedOrStarted(string variable)
    {
        var given = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given;
        }

        var script = Path.Combine(RepositoryRoot, "eng", "postgres.sh");
        var folder = Path.Combine(Path.GetTempPath(), $"uonet-access-pg-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        using var start = Process.Start(new ProcessStartInfo("bash", [script, "start", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("bash could not be started to run eng/postgres.sh.");
        var error = start.StandardError.ReadToEndAsync();
        var output = start.StandardOutput.ReadToEnd();
        start.WaitForExit();
        if (start.ExitCode != 0)
        {
            Directory.Delete(folder, recursive: true);
            throw new InvalidOperationException(
                $"The PostgreSQL tests need a server and could not start one ({error.GetAwaiter().GetResult().Trim()}); " +
                $"they use the server named by {variable} when it is set.");
        }

        using var watchdog = Process.Start(new ProcessStartInfo(
            "setsid",
            ["-f", "bash", "-c", Watchdog, "postgres-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), script, folder])
        {
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("setsid could not be started to watch the throwaway PostgreSQL server.");
        watchdog.WaitForExit();
        return output.Trim();
    }
}
