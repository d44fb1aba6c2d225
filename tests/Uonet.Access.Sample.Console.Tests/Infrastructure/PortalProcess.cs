using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Uonet.Access.Sample.Console.Tests.Infrastructure;

/// <summary>
/// The sample web portal started as a process on a loopback port over a given SQLite file, as an operator would run
/// it beside the tool. The project file records where the portal was built (assembly metadata <c>WebPortal</c>).
/// Linked into Uonet.Access.Client.Tests too, which runs the client package against the same portal.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PortalProcess(Process process, Uri root)
    {
        _process = process;
        Root = root;
    }

    /// <summary>Where the portal listens, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri Root { get; }

    /// <summary>The <c>dotnet</c> host the test runs under, to start the portal (and the tool) with the same runtime.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static string Dll { get; } = typeof(PortalProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "WebPortal").Value!;

    /// <summary>Starts the portal (Development environment, so no captcha is needed) and waits until it answers.</summary>
    public static async Task<PortalProcess> StartAsync(string database, int port, string workingDirectory)
    {
        Assert.True(File.Exists(Dll), $"The web portal is not built at {Dll}: build samples/Uonet.Access.Sample.Web (the test project references it).");
        var root = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in new[] { Dll, "--urls", root.AbsoluteUri.TrimEnd('/'), "--db", database })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var portal = new PortalProcess(Process.Start(start)!, root);
        portal._process.OutputDataReceived += (_, line) => portal.Log(line.Data);
        portal._process.ErrorDataReceived += (_, line) => portal.Log(line.Data);
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        await portal.WaitUntilItAnswersAsync();
        return portal;
    }

    public string Output
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Log(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitUntilItAnswersAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"The portal exited with {(_process.HasExited ? _process.ExitCode : 0)}:{Environment.NewLine}{Output}");
            try
            {
                using var answer = await http.GetAsync(Root);
                return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but still starting.
            }

            // A separate process gives no readiness signal but answering; poll briefly.
            await Task.Delay(200);
        }

        Assert.Fail($"The portal did not answer at {Root} within {StartTimeout}:{Environment.NewLine}{Output}");
    }
}
