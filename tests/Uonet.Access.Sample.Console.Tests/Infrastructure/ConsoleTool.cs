using System.Diagnostics;
using System.Text;

namespace Uonet.Access.Sample.Console.Tests.Infrastructure;

/// <summary>
/// Runs the built tool as a process (<c>dotnet uonet-access.dll</c>, copied beside the tests by the project reference),
/// the way scripts run it. Its environment is cleaned of language and mail settings so each test states its own.
/// </summary>
public static class ConsoleTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "uonet-access.dll");

    public static async Task<ToolRun> RunAsync(IReadOnlyList<string> arguments, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(PortalProcess.DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(name => name is "LANG" or "LC_ALL" or "LC_MESSAGES" || name.StartsWith("UONET_ACCESS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"uonet-access {string.Join(' ', arguments)} did not finish in {Timeout}.");
        }

        return new ToolRun(arguments, process.ExitCode, await stdout, await stderr);
    }
}
