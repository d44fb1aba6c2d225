using System.Collections.Concurrent;
using System.Net;
using Microsoft.Data.Sqlite;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Load;

namespace Uonet.Access.Sample.Web.Tests.Crash;

/// <summary>
/// The portal on SQLite as a real process, killed with SIGKILL while clients write through it: after a restart on the
/// same file the database is intact and every write a client saw acknowledged is there. An acknowledged write is a
/// staff "add pupil" answered with the redirect to the new record (its id in the address), or a first-login start
/// answered with "sent" (its mail in the outbox).
/// </summary>
public sealed class KillDuringWritesTests : IDisposable
{
    private const string Password = "zielony rower jedzie szybko";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "uonet-access-crash", Guid.NewGuid().ToString("N"));

    public KillDuringWritesTests()
    {
        Directory.CreateDirectory(_folder);
    }

    [Fact]
    public async Task Portal_KilledWithSigkillUnderWrites_RestartsIntactWithEveryAcknowledgedWrite()
    {
        var database = Path.Combine(_folder, "portal.db");
        var students = new ConcurrentBag<Guid>();
        var mailed = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();
        await using (var portal = await PortalProcess.StartAsync(database, _folder))
        {
            using (var first = new PortalVisitor(portal.Root))
            {
                await first.FirstLoginAsync(DemoDataset.SecretarySp1.Email, Password);
            }

            using var stop = new CancellationTokenSource();
            var writers = new List<Task>();
            for (var i = 0; i < 3; i++)
            {
                writers.Add(AddPupilsAsync(portal.Root, students, refused, stop.Token));
            }

            writers.Add(StartFirstLoginsAsync(portal.Root, mailed, refused, stop.Token));

            // Kill in the middle of the stream of writes, not before it started.
            while (students.Count < 30 && refused.IsEmpty && writers.Take(3).All(w => !w.IsCompleted))
            {
                await Task.Delay(50);
            }

            Assert.True(refused.IsEmpty, string.Join('\n', refused) + portal.Output);
            await portal.KillAsync();
            await Task.WhenAll(writers);
        }

        await using var restarted = await PortalProcess.StartAsync(database, _folder);
        using var visitor = new PortalVisitor(restarted.Root);
        var signedIn = await visitor.SignInAsync(DemoDataset.SecretarySp1.Email, Password);
        var (integrity, storedStudents, storedMail) = await ReadAsync(database);

        Assert.Equal(HttpStatusCode.Redirect, signedIn);
        Assert.Equal("ok", integrity);
        Assert.True(students.Count >= 30, $"only {students.Count} pupils were added before the kill");
        Assert.Empty(students.Except(storedStudents));
        Assert.NotEmpty(mailed);
        Assert.Empty(mailed.Except(storedMail, StringComparer.Ordinal));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A secretary adding pupils one after another until the portal stops answering.</summary>
    private static async Task AddPupilsAsync(Uri root, ConcurrentBag<Guid> added, ConcurrentBag<string> refused, CancellationToken cancellationToken)
    {
        using var secretary = new PortalVisitor(root);
        if (await Answered(() => secretary.SignInAsync(DemoDataset.SecretarySp1.Email, Password, cancellationToken)) is not HttpStatusCode.Redirect)
        {
            return;
        }

        while (true)
        {
            var answer = await Answered(() => secretary.SubmitAsync("/gminawulkanowo/szkola/uczniowie/nowy?jednostka=SP1", new Dictionary<string, string>
            {
                ["Student.ClassName"] = "3c",
                ["Student.FirstName"] = "Antek",
                ["Student.LastName"] = "Awaryjny",
                ["Guardians[0].FirstName"] = "Beata",
                ["Guardians[0].LastName"] = "Awaryjna",
                ["Guardians[0].Email"] = $"awaria.{Guid.NewGuid():N}@example.pl",
                ["Guardians[0].Relation"] = "Mother",
            }, cancellationToken: cancellationToken));
            if (answer is not { } received)
            {
                return;
            }

            if (received.Status != HttpStatusCode.Redirect)
            {
                refused.Add($"add pupil: {received.Status}");
                return;
            }

            added.Add(Guid.Parse(received.Location!.OriginalString.Split('/')[^1]));
        }
    }

    /// <summary>Someone asking for first-login links for new addresses until the limit or the kill stops them.</summary>
    private static async Task StartFirstLoginsAsync(Uri root, ConcurrentBag<string> mailed, ConcurrentBag<string> refused, CancellationToken cancellationToken)
    {
        using var visitor = new PortalVisitor(root);
        while (true)
        {
            var address = $"awaria.{Guid.NewGuid():N}@example.pl";
            var answer = await Answered(() => visitor.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = address }, cancellationToken: cancellationToken));
            if (answer is not { } received || received.Status == HttpStatusCode.TooManyRequests)
            {
                return;
            }

            if (!received.Html.Contains("id=\"restore-sent\"", StringComparison.Ordinal))
            {
                refused.Add($"first-login start: {received.Status}");
                return;
            }

            mailed.Add(address);
        }
    }

    /// <summary>The answer, or null once the portal is gone (the connection refused or cut by the kill).</summary>
    private static async Task<T?> Answered<T>(Func<Task<T>> request) where T : struct
    {
        try
        {
            return await request();
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<(string Integrity, HashSet<Guid> Students, HashSet<string> Mail)> ReadAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        var integrity = (string)(await check.ExecuteScalarAsync())!;
        await using var students = connection.CreateCommand();
        students.CommandText = "SELECT id FROM students;";
        var ids = new HashSet<Guid>();
        await using (var reader = await students.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                ids.Add(Guid.Parse(reader.GetString(0)));
            }
        }

        await using var outbox = connection.CreateCommand();
        outbox.CommandText = "SELECT to_address FROM outbox;";
        var mail = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await outbox.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                mail.Add(reader.GetString(0));
            }
        }

        return (integrity, ids, mail);
    }
}
