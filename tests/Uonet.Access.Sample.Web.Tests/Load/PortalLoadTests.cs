using System.Globalization;

namespace Uonet.Access.Sample.Web.Tests.Load;

/// <summary>
/// The portal process under a minute of mixed load (signed device requests and sign-ins, R3/R7/R8) from one loopback
/// client: no answer other than the intended ones and the intended 429s, and memory stays bounded.
/// </summary>
public sealed class PortalLoadTests : IDisposable
{
    /// <summary>
    /// The bound on the portal's peak resident memory. Its fixed parts are the runtime with ASP.NET Core and Razor
    /// (about 100–150 MiB), the server GC's heaps, and Argon2id's 19 MiB per hash times the library's cap on concurrent
    /// hashes (one per core). 600 MiB leaves room for all of these on a larger machine yet fails when something grows
    /// with the number of requests (a cache of replayed signatures, sessions or request bodies that is never trimmed).
    /// </summary>
    private const long MemoryLimitBytes = 600L * 1024 * 1024;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "uonet-access-load", Guid.NewGuid().ToString("N"));

    public PortalLoadTests()
    {
        Directory.CreateDirectory(_folder);
    }

    [Fact]
    [Trait("Category", "Load")]
    public async Task MixedLoadForAMinute_AnswersOnlyAsIntended_AndStaysUnder600MiB()
    {
        // UONET_ACCESS_LOAD_SECONDS shortens the run for a quick local check; CI runs the full minute.
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("UONET_ACCESS_LOAD_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 60;
        await using var portal = await PortalProcess.StartAsync(Path.Combine(_folder, "portal.db"), _folder);

        var report = await LoadRun.RunAsync(portal, new LoadOptions { Duration = TimeSpan.FromSeconds(seconds), Concurrency = 8 });

        var summary = report.ToMarkdown(DateTimeOffset.UtcNow, Environment.MachineName);
        Assert.True(report.Errors.Count == 0, summary + portal.Output);
        Assert.True(report.Count(LoadRun.Pupils, 200) > 0 && report.Count(LoadRun.Pupil, 200) > 0, summary);
        Assert.True(report.Count(LoadRun.SignIn, 302) > 0, summary);
        Assert.True(report.PeakWorkingSetBytes < MemoryLimitBytes, summary);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
