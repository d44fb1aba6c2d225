using Uonet.Access.Sample.Console.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Uonet.Access.Client.Tests.Infrastructure;

/// <summary>
/// The sample portal as a process on a loopback port over a SQLite file, and the <see cref="School"/> on the same file:
/// tickets are opened and devices revoked through the library while the portal answers the client. The portal keeps
/// the real clock, so this school does too.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("uonet-access-client-").FullName;
    private PortalProcess? _portal;

    public School School { get; private set; } = null!;

    public Uri Root => _portal!.Root;

    public async Task InitializeAsync()
    {
        var port = Loopback.FreePort();
        var database = Path.Combine(_folder, "uonet-access.db");
        School = await School.CreateAsync(TimeProvider.System, builder => builder.UseSqlite($"Data Source={database}"), $"http://127.0.0.1:{port}/{School.Symbol}/");
        _portal = await PortalProcess.StartAsync(database, port, _folder);
    }

    public async Task DisposeAsync()
    {
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        await School.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
