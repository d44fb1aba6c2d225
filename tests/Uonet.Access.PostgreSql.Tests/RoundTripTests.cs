using System.Diagnostics;
using System.Security.Cryptography;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Eligibility;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests;

/// <summary>
/// The per-request path at the limit of its round trips: every page view validates a session ticket and every phone
/// request verifies a signature, each resolving what the account sees (R5, R8). Counted with Npgsql's own tracing
/// (one activity per command sent), only the commands that name this test's schema.
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    private const string Password = "kot ma ale i psa burka";

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task ValidateAsync_GuardianSession_OneRoundTrip_R5_R8()
    {
        await using var provider = Provider();
        var ticket = await SignedInMotherAsync(provider);
        var sessions = provider.GetRequiredService<SessionTickets>();

        using var counter = new RoundTripCounter(_schema.Name);
        var validation = await sessions.ValidateAsync(ticket);

        Assert.Equal(SessionStatus.Valid, validation.Status);
        Assert.Equal("Jan", Assert.Single(validation.Pupils).FirstName);
        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public async Task ResolveAsync_GuardianOrUnknownAddress_OneRoundTripEach_R5()
    {
        await using var provider = Provider();
        await SignedInMotherAsync(provider);
        var resolver = provider.GetRequiredService<PupilResolver>();

        using var known = new RoundTripCounter(_schema.Name);
        var pupils = await resolver.ResolveAsync(Symbol, ParentEmail);
        var knownTrips = known.Count;
        known.Dispose();
        using var unknown = new RoundTripCounter(_schema.Name);
        var nobody = await resolver.ResolveAsync(Symbol, "nikt@example.pl");

        Assert.Equal("Jan", Assert.Single(pupils).FirstName);
        Assert.Empty(nobody);

        // The same store work for an address in the records and one outside them: no enumeration by round trips.
        Assert.Equal((1, 1), (knownTrips, unknown.Count));
    }

    [Fact]
    public async Task VerifyAsync_SignedPhoneRequest_TwoRoundTrips_R5_R8()
    {
        await using var provider = Provider();
        var ticket = await SignedInMotherAsync(provider);
        var devices = provider.GetRequiredService<MobileDevices>();
        var pairing = await devices.CreatePairingAsync(ticket);
        Assert.True(pairing.Succeeded, pairing.ToString());
        var publicKey = DeviceRequestSigner.NewDeviceKey(out var key);
        using var _ = key;
        var registered = await devices.RegisterDeviceAsync(Symbol, pairing.Value!.Token, pairing.Value.Pin, new DeviceRegistration { Name = "Telefon Anny", PublicKey = publicKey });
        Assert.True(registered.Succeeded, registered.ToString());
        var target = new Uri(pairing.Value.ApiBaseUrl, "pupils");
        var headers = DeviceRequestSigner.Sign("GET", target, [], registered.Value!.DeviceId, key, DateTimeOffset.UtcNow);
        var verifier = provider.GetRequiredService<DeviceRequestVerifier>();

        using var counter = new RoundTripCounter(_schema.Name);
        var verified = await verifier.VerifyAsync(Symbol, new SignedRequest { Method = "GET", TargetUri = target, Headers = headers.ToHeaders() });

        Assert.True(verified.Succeeded, verified.ToString());
        Assert.Equal("Jan", Assert.Single(verified.Value!.Pupils).FirstName);

        // The snapshot read and the replay-cache entry: a signature can only be recorded once it has been checked.
        Assert.Equal(2, counter.Count);
    }

    [Fact]
    public async Task ValidateAsync_UnitRuleChangedOnAnotherNode_ObeyedOnTheNextValidation_R2_R8()
    {
        // Nothing of the records is kept between requests, so another web node's change (its own connection pool) is
        // seen at once: SP1 starts requiring the guardian's PESEL, which Jan's mother has not given.
        await using var first = Provider();
        await using var second = Provider();
        var ticket = await SignedInMotherAsync(first);
        var sessions = first.GetRequiredService<SessionTickets>();
        var before = await sessions.ValidateAsync(ticket);

        var changed = await second.GetRequiredService<SchoolDirectory>().UpdateUnitAsync(Symbol, Sp1, "Szkoła Podstawowa nr 1", requireGuardianPesel: true);
        var after = await sessions.ValidateAsync(ticket);

        Assert.Single(before.Pupils);
        Assert.True(changed.Succeeded, changed.ToString());
        Assert.Equal(SessionStatus.Revoked, after.Status);
        Assert.Equal(AccessErrorCodes.SessionNotEligible, after.Code);
    }

    /// <summary>The mother of Jan sets her password by the first-login link and signs in; answers her session ticket.</summary>
    private static async Task<string> SignedInMotherAsync(ServiceProvider provider)
    {
        var directory = provider.GetRequiredService<SchoolDirectory>();
        Assert.True((await directory.AddInstanceAsync(Symbol, "Gmina Wulkanowo", $"https://uonetplus.example.pl/{Symbol}/")).Succeeded);
        Assert.True((await directory.AddUnitAsync(Symbol, Sp1, "Szkoła Podstawowa nr 1")).Succeeded);
        Assert.True((await directory.AssignStaffAsync(Symbol, "sekretariat@sp1.edu.pl", "Ewa Sekretarz", new StaffAssignment(StaffRole.Secretary, Sp1))).Succeeded);
        var added = await provider.GetRequiredService<StudentRecords>().AddStudentAsync(
            new StaffActor(Symbol, "sekretariat@sp1.edu.pl"),
            new NewStudent
            {
                UnitCode = Sp1,
                ClassName = "4a",
                FirstName = "Jan",
                LastName = "Kowalski",
                Pesel = PupilPesel,
                Guardians = [new GuardianDetails { FirstName = "Anna", LastName = "Kowalska", Email = ParentEmail, Relation = GuardianRelation.Mother }],
            });
        Assert.True(added.Succeeded, added.ToString());
        Assert.True((await provider.GetRequiredService<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = Symbol, Email = ParentEmail })).Succeeded);
        var mail = await provider.GetRequiredService<DevelopmentOutbox>().ListAsync(ParentEmail, 1);
        var token = HttpUtility.ParseQueryString(new Uri(mail[0].Message.Link!).Query)["token"]!;
        Assert.True((await provider.GetRequiredService<RestoreAccess>().CompleteAsync(new CompleteAccessRequest { Token = token, Password = Password })).Succeeded);
        var signedIn = await provider.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest { InstanceSymbol = Symbol, Email = ParentEmail, Password = Password });
        Assert.Equal(SignInOutcome.Success, signedIn.Outcome);
        return signedIn.SessionTicket!;
    }

    private ServiceProvider Provider()
    {
        var services = new ServiceCollection();
        services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Development";
                o.PasswordHashing.MemoryKiB = 64;
                o.PasswordHashing.Iterations = 1;
                o.Mail.Protection.Keys["test"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                o.Mail.Protection.CurrentKeyId = "test";
            })
            .UsePostgreSql(ScratchSchema.ConnectionString, migrateOnStart: true, _schema.Name)
            .UsePickupFolder(Path.Combine(Path.GetTempPath(), "uonet-access-pg-tests", "mail"));
        return services.BuildServiceProvider();
    }

    /// <summary>Counts the commands Npgsql sends (one activity each, however many statements) that name one schema.</summary>
    private sealed class RoundTripCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _count;

        public RoundTripCounter(string schema)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string;
                    if (text is not null && text.Contains(schema, StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref _count);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
