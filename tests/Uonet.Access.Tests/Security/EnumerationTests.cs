using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Records;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Security;

/// <summary>
/// No enumeration, asserted by structure rather than by timing: the first login / Przywróć dostęp and sign-in answer
/// every kind of address — eligible, in a record but blocked by R1 or R2, staff, closed, eligible only in another
/// instance, unknown — with the same value, and do the same work for it: the same calls into every store contract, in
/// the same order, the same password hashing, and one outbox entry per request (R3, R4, R6; ASVS 5.0 V6.3, V6.4).
/// </summary>
public sealed class EnumerationTests
{
    private const string Client = "198.51.100.7";
    private const string Pupil = "kasia.lis@uczen.example.pl";
    private const string PupilWithoutPesel = "jan.kowal@uczen.example.pl";
    private const string GuardianWithoutPesel = "tomasz.zielinski@example.pl";
    private const string FatherWithAccount = "piotr.kowal@example.pl";
    private const string ClosedAccount = "ewa.kowal@example.pl";
    private const string GuardianInOtherInstance = "jan.lis@example.pl";
    private const string Unknown = "nikt@example.pl";

    // A guardian with an account and one without (first login or restore), a pupil without an account, blocked by R1,
    // blocked by R2, staff with and without an account, a closed account (R9), eligible only in another instance (R6),
    // unknown.
    private static readonly string[] Addresses =
    [
        Flow.MotherEmail, FatherWithAccount, Pupil, PupilWithoutPesel, GuardianWithoutPesel, TestSchool.SecretarySp1.Email,
        TestSchool.SecretarySp2.Email, ClosedAccount, GuardianInOtherInstance, Unknown,
    ];

    [Fact]
    public async Task Start_EveryKindOfAddress_SameAnswerSameStoreCallsSameHashingOneOutboxEntry_R3_R4()
    {
        var log = new CallLog();
        await using var school = await FamiliesAsync(log);
        var restore = school.Services.GetRequiredService<RestoreAccess>();
        var requests = new List<(string Address, string Answer, IReadOnlyList<string> Calls, int Mails)>();

        foreach (var address in Addresses)
        {
            log.Clear();
            var before = await MailCountAsync(school);
            var answer = await restore.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = address, ClientKey = Client });
            requests.Add((address, $"{answer.Succeeded} {string.Join(",", answer.Errors)}", log.Calls, await MailCountAsync(school) - before));
        }

        var first = requests[0];
        Assert.Equal("True ", first.Answer);
        Assert.DoesNotContain(first.Calls, c => c.StartsWith(nameof(IPasswordHasher), StringComparison.Ordinal));
        Assert.All(requests, r =>
        {
            Assert.True(r.Answer == first.Answer, $"{r.Address}: {r.Answer}");
            Assert.True(r.Calls.SequenceEqual(first.Calls), $"{r.Address}: {string.Join(" ", r.Calls)}{Environment.NewLine}instead of {string.Join(" ", first.Calls)}");
            Assert.True(r.Mails == 1, $"{r.Address}: {r.Mails} outbox entries");
        });
    }

    [Fact]
    public async Task SignIn_WrongPasswordForEveryKindOfAddress_SameAnswerSameStoreCallsOneVerification_R3()
    {
        var log = new CallLog();
        await using var school = await FamiliesAsync(log);
        var attempts = new List<(string Address, string Answer, IReadOnlyList<string> Calls, IReadOnlyList<string> Hashing)>();
        await WarmUpAsync(school);

        foreach (var address in Addresses)
        {
            log.Clear();
            var answer = await school.Services.TrySignInAsync(address, Flow.OtherPassword, clientKey: Client);
            attempts.Add((address, Describe(answer), log.Calls, log.Hashing));
        }

        var first = attempts[0];
        Assert.Equal($"{SignInOutcome.Failed} {AccessErrorCodes.SignInFailed} no ticket, no lock, 0 pupils", first.Answer);
        Assert.All(attempts, a =>
        {
            Assert.True(a.Answer == first.Answer, $"{a.Address}: {a.Answer}");
            Assert.True(a.Calls.SequenceEqual(first.Calls), $"{a.Address}: {string.Join(" ", a.Calls)}{Environment.NewLine}instead of {string.Join(" ", first.Calls)}");
            Assert.True(a.Hashing.SequenceEqual([$"{nameof(IPasswordHasher)}.{nameof(IPasswordHasher.VerifyAsync)}"]), $"{a.Address}: {string.Join(" ", a.Hashing)}");
        });
    }

    [Fact]
    public async Task SignIn_LockedKnownAndLockedUnknownAddress_SameLockSameStoreCallsOneVerification_R3()
    {
        var log = new CallLog();
        await using var school = await FamiliesAsync(log);
        foreach (var address in new[] { Flow.MotherEmail, Unknown })
        {
            for (var i = 0; i < 5; i++)
            {
                await school.Services.TrySignInAsync(address, Flow.OtherPassword);
            }
        }

        var attempts = new List<(string Address, string Answer, IReadOnlyList<string> Calls, IReadOnlyList<string> Hashing)>();
        await WarmUpAsync(school);
        foreach (var address in new[] { Flow.MotherEmail, Unknown })
        {
            log.Clear();

            // The right password of the known address: a lock must not tell it from a wrong one, nor from no account.
            var answer = await school.Services.TrySignInAsync(address, Flow.Password, clientKey: Client);
            attempts.Add((address, Describe(answer), log.Calls, log.Hashing));
        }

        Assert.StartsWith($"{SignInOutcome.LockedOut} {AccessErrorCodes.SignInLockedOut}", attempts[0].Answer, StringComparison.Ordinal);
        Assert.Equal(attempts[0].Answer, attempts[1].Answer);
        Assert.Equal(attempts[0].Calls, attempts[1].Calls);
        Assert.All(attempts, a => Assert.Equal([$"{nameof(IPasswordHasher)}.{nameof(IPasswordHasher.VerifyAsync)}"], a.Hashing));
    }

    /// <summary>
    /// The school of <see cref="CustomSchool"/> with a recording log, a second instance, and one address of each kind
    /// that matters: accounts set up before the log is cleared.
    /// </summary>
    private static async Task<CustomSchool> FamiliesAsync(CallLog log)
    {
        var school = await CustomSchool.CreateAsync(services: log.Install, adapters: log.Install);
        var services = school.Services;
        await services.AddOlaWithMotherAsync();
        await services.AddStudentAsync(TestSchool.Sp1, "2c", "Kasia", "Lis", TestSchool.Pesels[2], Pupil);
        await services.AddStudentAsync(TestSchool.Sp1, "4b", "Jan", "Kowal", null, PupilWithoutPesel,
            TestSchool.Guardian("Piotr", "Kowal", FatherWithAccount, relation: GuardianRelation.Father),
            TestSchool.Guardian("Ewa", "Kowal", ClosedAccount));
        await services.AddStudentAsync(TestSchool.Sp2, "1a", "Zosia", "Zielińska", TestSchool.Pesels[3], null,
            TestSchool.Guardian("Tomasz", "Zieliński", GuardianWithoutPesel, relation: GuardianRelation.Father));
        await AddOtherInstanceAsync(services);

        await services.SetPasswordAsync();
        await services.SetPasswordAsync(FatherWithAccount);
        await services.SetPasswordAsync(TestSchool.SecretarySp2.Email);
        await services.SetPasswordAsync(ClosedAccount);
        var closing = await services.AccountAsync(ClosedAccount);
        Assert.True(await school.Store.CloseAccountAsync(closing.Id, school.Time.GetUtcNow(), DeviceRevocationReason.EmailChanged, null, null, Flow.None));
        return school;
    }

    private static async Task AddOtherInstanceAsync(IServiceProvider services)
    {
        var directory = services.GetRequiredService<SchoolDirectory>();
        Assert.True((await directory.AddInstanceAsync(TestSchool.OtherSymbol, "Powiat Wulkanowy", "https://uonetplus.example.pl/powiatwulkanowy/")).Succeeded);
        Assert.True((await directory.AddUnitAsync(TestSchool.OtherSymbol, TestSchool.Lo1, "I Liceum Ogólnokształcące")).Succeeded);
        Assert.True((await directory.AssignStaffAsync(TestSchool.OtherSymbol, TestSchool.SecretaryLo1.Email, "Olga Sekretarz", new StaffAssignment(StaffRole.Secretary, TestSchool.Lo1))).Succeeded);
        var added = await services.GetRequiredService<StudentRecords>().AddStudentAsync(TestSchool.SecretaryLo1, new NewStudent
        {
            UnitCode = TestSchool.Lo1,
            ClassName = "1a",
            FirstName = "Marta",
            LastName = "Lis",
            Pesel = TestSchool.Pesels[4],
            Guardians = [TestSchool.Guardian("Jan", "Lis", GuardianInOtherInstance, relation: GuardianRelation.Father)],
        });
        Assert.True(added.Succeeded, added.ToString());
    }

    // Once per process, not per address: the first sign-in without an account makes the stand-in hash it verifies
    // against, and the first of an instance reads its maintenance windows, which are then cached for a while.
    private static Task<AccountSignInResult> WarmUpAsync(CustomSchool school) =>
        school.Services.TrySignInAsync("rozgrzewka@example.pl", Flow.OtherPassword);

    private static async Task<int> MailCountAsync(CustomSchool school) => (await school.Store.ListAsync(null, 1_000, Flow.None)).Count;

    private static string Describe(AccountSignInResult result) =>
        $"{result.Outcome} {result.Error?.Code} {string.Join(",", result.Error?.Arguments.Select(a => $"{a.Key}={a.Value}") ?? [])}"
        + $"{(result.SessionTicket is null ? "no ticket" : "ticket")}, {(result.LockedUntil is null ? "no lock" : $"locked until {result.LockedUntil:u}")}, {result.Pupils.Count} pupils";
}
