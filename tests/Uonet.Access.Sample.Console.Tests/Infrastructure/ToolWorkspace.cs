namespace Uonet.Access.Sample.Console.Tests.Infrastructure;

/// <summary>
/// A temporary folder with its own store, a SQLite file by default: every run of the tool here uses that store.
/// </summary>
public class ToolWorkspace : IDisposable
{
    private readonly string[] _store;

    public ToolWorkspace()
        : this(null)
    {
    }

    /// <summary>A workspace over another store, e.g. <c>["--postgres", connectionString]</c>.</summary>
    protected ToolWorkspace(string[]? store)
    {
        Folder = Directory.CreateTempSubdirectory("uonet-access-cli-").FullName;
        Database = Path.Combine(Folder, "uonet-access.db");
        _store = store ?? ["--db", Database];
    }

    public string Folder { get; }

    public string Database { get; }

    /// <summary>Runs a command on this store with <c>--json</c>.</summary>
    public Task<ToolRun> Json(params string[] arguments) => ConsoleTool.RunAsync([.. arguments, .. _store, "--json"], workingDirectory: Folder);

    /// <summary>Runs a command on this store with <c>--json</c>, feeding <paramref name="stdin"/> (e.g. a password).</summary>
    public Task<ToolRun> JsonWithInput(string stdin, params string[] arguments) => ConsoleTool.RunAsync([.. arguments, .. _store, "--json"], stdin, workingDirectory: Folder);

    /// <summary>Runs a command on this store for people (no <c>--json</c>).</summary>
    public Task<ToolRun> Text(params string[] arguments) => ConsoleTool.RunAsync([.. arguments, .. _store], workingDirectory: Folder);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
