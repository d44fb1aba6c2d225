using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Uonet.Access.LoadTest.HttpLoad;

/// <summary>The bare endpoint as its own OS process on a loopback port, started from this program's own build output.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, Uri root)
    {
        _process = process;
        Root = root;
    }

    public Uri Root { get; }

    public int Id => _process.Id;

    public long PeakWorkingSetBytes => Machine.PeakWorkingSetBytes(Id);

    /// <summary>Starts <c>dotnet Uonet.Access.LoadTest.dll bare-endpoint …</c> and waits until <paramref name="probe"/> answers 200.</summary>
    public static async Task<ServerProcess> StartBareEndpointAsync(string pupilsFile, string pageFile, string probe)
    {
        var root = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Uonet.Access.LoadTest.dll"), BareEndpoint.Command, "--urls", root.AbsoluteUri.TrimEnd('/'), "--pupils", pupilsFile, "--page", pageFile })
        {
            start.ArgumentList.Add(argument);
        }

        var server = new ServerProcess(Process.Start(start)!, root);
        server._process.OutputDataReceived += (_, line) => server.Log(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Log(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitUntilItAnswersAsync(new Uri(root, probe));
        return server;
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

    private async Task WaitUntilItAnswersAsync(Uri probe)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                lock (_log)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The bare endpoint exited with {_process.ExitCode}:{Environment.NewLine}{_log}"));
                }
            }

            try
            {
                using var answer = await http.GetAsync(probe);
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // A separate process gives no readiness signal but answering; poll briefly.
            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The bare endpoint did not answer at {probe} within a minute.");
    }
}
