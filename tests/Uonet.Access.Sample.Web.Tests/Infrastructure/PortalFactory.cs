using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Uonet.Access.Sample.Web.Tests.Infrastructure;

/// <summary>
/// The portal on its own temporary SQLite file, with the demo district loaded, a fake clock, and a fast password
/// hash (the tests are about the portal, not about Argon2's cost).
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string ClientAddress = "203.0.113.7";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "uonet-access-web-tests", Guid.NewGuid().ToString("N"));

    public PortalFactory()
    {
        Directory.CreateDirectory(_directory);

        // A delivery round (on a timer of the fake clock, run when a test advances it, or of the real one) would send
        // and so erase a link between the page saying "sent" and the test reading the outbox; the tests read the
        // outbox, and the delivery service has its own tests in the ASP.NET Core package.
        Settings["Portal:MailDispatchInterval"] = "1.00:00:00";
    }

    /// <summary>The clock every library call uses.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));

    /// <summary>The SQLite file (another factory may open the same one).</summary>
    public string DatabasePath { get; init; } = string.Empty;

    public string EnvironmentName { get; init; } = "Development";

    /// <summary>Extra configuration, e.g. <c>UonetAccess:Sessions:Generation</c>.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Extra services replacing the portal's (e.g. a failing human check).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Whether to use the fake clock; browser tests keep the real one, since the browser lives in real time.</summary>
    public bool FakeClock { get; init; } = true;

    /// <summary>The database file this factory uses.</summary>
    public string Database => string.IsNullOrEmpty(DatabasePath) ? Path.Combine(_directory, "portal.db") : DatabasePath;

    /// <summary>The address a Kestrel-hosted factory listens on.</summary>
    public Uri ListeningAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Portal:Database", Database);
        builder.UseSetting("Portal:MailPickupFolder", Path.Combine(_directory, "mail"));
        builder.UseSetting("UonetAccess:PasswordHashing:MemoryKiB", "64");
        builder.UseSetting("UonetAccess:PasswordHashing:Iterations", "1");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (FakeClock)
            {
                services.AddSingleton<TimeProvider>(Time);
            }

            services.AddSingleton<IStartupFilter>(new FixedClientAddress(IPAddress.Parse(ClientAddress)));
            TestServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && string.IsNullOrEmpty(DatabasePath))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a late background write is left for the system's temp cleanup.
            }
        }
    }

    /// <summary>The in-memory test server has no client address; the library's per-client limits need one.</summary>
    private sealed class FixedClientAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress ??= address;
                return following(context);
            });
            next(app);
        };
    }
}
