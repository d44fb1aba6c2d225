using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Uonet.Access.Sample.Web.Tests.Load;

/// <summary>
/// The portal as its own OS process on a loopback port over a SQLite file, in the Development environment (demo
/// district, no captcha), as an operator runs it. Shared with <c>benchmarks/Uonet.Access.LoadTest</c>, which links
/// this file: no test framework here.
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

    public int Id => _process.Id;

    /// <summary>The portal's build output, copied beside the referencing assembly with its runtime configuration.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Uonet.Access.Sample.Web.dll");

    /// <summary>Everything the portal wrote to its standard output and error.</summary>
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

    /// <summary>The peak resident set size of the process so far (<c>VmHWM</c> of <c>/proc/{pid}/status</c>), in bytes.</summary>
    public long PeakWorkingSetBytes
    {
        get
        {
            var line = File.ReadLines($"/proc/{Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) * 1024;
        }
    }

    /// <summary>
    /// Starts the portal on a free loopback port over <paramref name="database"/>, its mail going to files in
    /// <paramref name="mailFolder"/>, and waits until it answers. It runs in its build folder, so that its own
    /// appsettings.json apply. <paramref name="arguments"/> are added to its command line (e.g. <c>--postgres …</c>,
    /// which wins over the SQLite file).
    /// </summary>
    public static async Task<PortalProcess> StartAsync(string database, string mailFolder, params IReadOnlyList<string> arguments)
    {
        if (!File.Exists(Dll))
        {
            throw new InvalidOperationException($"The web portal is not built at {Dll}: build the project that references samples/Uonet.Access.Sample.Web.");
        }

        var root = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        foreach (var argument in new[] { Dll, "--urls", root.AbsoluteUri.TrimEnd('/'), "--db", database, "--Portal:MailPickupFolder", mailFolder, "--Logging:LogLevel:Default=Warning" }.Concat(arguments))
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

    /// <summary>Ends the process at once: on Linux <see cref="Process.Kill()"/> is SIGKILL, no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with {_process.ExitCode}:{Environment.NewLine}{Output}");
            }

            try
            {
                // The front page lists the demo instances, which exist once the start-up seeding is done.
                using var answer = await http.GetAsync(new Uri(Root, "gminawulkanowo"));
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
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

        throw new InvalidOperationException($"The portal did not answer at {Root} within {StartTimeout}:{Environment.NewLine}{Output}");
    }
}
