using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Mail;
using Xunit;

namespace Uonet.Access.Testing.SampleHosts;

/// <summary>
/// A sample host on its own temporary SQLite file with the demo district (its <c>Database</c> setting), a fake clock, a
/// fast password hash and mail kept in memory, so that a test can follow the first login's link through the JSON
/// account endpoints every sample maps.
/// </summary>
/// <typeparam name="TEntryPoint">The sample's <c>Program</c>.</typeparam>
public abstract class SampleHostFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    public const string Symbol = "gminawulkanowo";
    public const string Password = "zielony rower jedzie szybko";

    private readonly string _directory;

    /// <param name="folder">The folder under the temporary path that holds this host's folders, one per factory.</param>
    /// <param name="databaseFile">The database file's name in the factory's folder.</param>
    protected SampleHostFactory(string folder, string databaseFile)
    {
        _directory = Path.Combine(Path.GetTempPath(), folder, Guid.NewGuid().ToString("N"));
        DatabasePath = Path.Combine(_directory, databaseFile);
    }

    public string DatabasePath { get; }

    public string EnvironmentName { get; init; } = "Development";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));

    public RecordingMailSender Mail { get; } = new();

    /// <summary>A client that keeps cookies like a browser.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Starts the first login of <paramref name="email"/> and gives the token of the link it mailed.</summary>
    public async Task<string> LinkTokenAsync(HttpClient http, string email)
    {
        using var started = await http.PostAsJsonAsync(new Uri($"/{Symbol}/first-login", UriKind.Relative), new { email });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        await Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        var link = Mail.Sent.Last(m => m.Kind == MailKind.AccessLink && m.To == email).Link!;
        return HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!;
    }

    /// <summary>The whole first login, then a sign-in through the endpoints: the client holds the session cookie.</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        var http = Browser();
        var token = await LinkTokenAsync(http, email);
        using var completed = await http.PostAsJsonAsync(new Uri("/first-login/complete", UriKind.Relative), new { token, password = Password });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, completed.StatusCode);
        using var signedIn = await http.PostAsJsonAsync(new Uri($"/{Symbol}/sign-in", UriKind.Relative), new { email, password = Password });
        Assert.Equal(System.Net.HttpStatusCode.OK, signedIn.StatusCode);
        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Database", DatabasePath);
        builder.UseSetting("MailPickupFolder", Path.Combine(_directory, "mail"));
        builder.UseSetting("UonetAccess:PasswordHashing:MemoryKiB", "64");
        builder.UseSetting("UonetAccess:PasswordHashing:Iterations", "1");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddUonetAccess().UseMailSender(_ => Mail);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a late background write is left for the system's temp cleanup.
            }
        }
    }
}

/// <summary>Keeps every delivered mail.</summary>
public sealed class RecordingMailSender : IMailSender
{
    public ConcurrentQueue<OutboxMessage> Sent { get; } = new();

    public Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue(message);
        return Task.FromResult(MailDeliveryResult.Delivered);
    }
}
