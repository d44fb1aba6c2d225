using System.Diagnostics;

namespace Uonet.Access.Testing.PostgreSql;

/// <summary>
/// One running copy of a RaceWorker program (a separate OS process with its own store and connection pool): started,
/// it connects and says "ready"; <see cref="Go"/> releases its callers; <see cref="FinishAsync"/> collects what they did.
/// </summary>
internal sealed class RaceWorkerProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly Task<string> _errors;

    private RaceWorkerProcess(Process process)
    {
        _process = process;
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts the worker program <paramref name="worker"/> (its assembly beside the tests) with <paramref name="arguments"/> and waits until it is connected and ready to race.</summary>
    public static async Task<RaceWorkerProcess> StartAsync(string worker, params string[] arguments)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, worker + ".dll");
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var process = Process.Start(new ProcessStartInfo(host, [assembly, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("The race worker could not be started.");
        var started = new RaceWorkerProcess(process);
        using var timeout = new CancellationTokenSource(Patience);
        var first = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (first != "ready")
        {
            await process.WaitForExitAsync(timeout.Token);
            throw new InvalidOperationException($"The race worker did not get ready (said '{first}'): {await started._errors}");
        }

        return started;
    }

    /// <summary>Lets the worker's callers go.</summary>
    public void Go()
    {
        _process.StandardInput.WriteLine("go");
        _process.StandardInput.Flush();
    }

    /// <summary>Tells a worker that runs until told (retention) to finish its work and end.</summary>
    public void Stop()
    {
        _process.StandardInput.WriteLine("stop");
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the worker to end and returns the lines it printed; fails when it did not end well.</summary>
    public async Task<List<string>> FinishAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var lines = new List<string>();
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
        }

        await _process.WaitForExitAsync(timeout.Token);
        Assert.True(_process.ExitCode == 0, $"The race worker ended with {_process.ExitCode}: {await _errors}");
        return lines;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
