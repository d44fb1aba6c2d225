using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Sessions;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>
/// Two-step sign-in: the password step answers with a second-factor ticket (256 bits, only its hash stored, single use,
/// bound to the account and the instance, 5 minutes, replaced by a newer one) and
/// <see cref="AccountSignIn.CompleteSecondFactorAsync"/> finishes with the code — so a host never keeps the password
/// between the steps, and the password is hashed once per sign-in.
/// </summary>
public sealed class SecondFactorTicketTests
{
    [Fact]
    public async Task SignIn_AccountWithSecondFactor_TicketOfTheRightShapeAndOnlyItsHashStored()
    {
        await using var school = await EnrolledAsync();

        var first = await PasswordStepAsync(school);

        Assert.Equal(SignInOutcome.RequiresSecondFactor, first.Outcome);
        Assert.Equal(AccessErrorCodes.SignInRequiresSecondFactor, first.Error!.Code);
        Assert.Null(first.SessionTicket);
        Assert.Matches("^[0-9a-f]{32}\\.[A-Za-z0-9_-]{43}$", first.SecondFactorTicket!);
        Assert.Equal(school.Time.GetUtcNow().AddMinutes(5), first.SecondFactorExpiresAt);
        var stored = (await school.Services.AccountAsync()).SecondFactorTicket!;
        var secret = first.SecondFactorTicket!.Split('.')[1];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored.TicketHash);
        Assert.DoesNotContain(secret, stored.ToString(), StringComparison.Ordinal);
        Assert.Null(stored.ClientKeyHash);
    }

    [Fact]
    public async Task Complete_RightCode_SignsInWithPupilsAndClearsTheTicket()
    {
        await using var school = await EnrolledAsync();
        var first = await PasswordStepAsync(school);

        var done = await CompleteAsync(school, first.SecondFactorTicket, Code(school));

        Assert.Equal(SignInOutcome.Success, done.Outcome);
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(done.SessionTicket)).Status);
        Assert.Equal(["Ola"], done.Pupils.Select(p => p.FirstName));
        Assert.Null((await school.Services.AccountAsync()).SecondFactorTicket);
    }

    [Fact]
    public async Task Complete_TicketUsedTwice_SecondRefused()
    {
        await using var school = await EnrolledAsync();
        var first = await PasswordStepAsync(school);
        var (_, codes, _) = school.Enrolment;
        await CompleteAsync(school, first.SecondFactorTicket, Code(school));

        var again = await CompleteAsync(school, first.SecondFactorTicket, recovery: codes[0]);

        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, again.Error!.Code);
        Assert.Null(again.SessionTicket);
        Assert.Equal(codes.Count, (await school.Services.AccountAsync()).RecoveryCodeHashes.Count);
    }

    [Fact]
    public async Task Complete_AfterTheLifetime_Refused()
    {
        await using var school = await EnrolledAsync();
        var first = await PasswordStepAsync(school);
        school.Time.Advance(TimeSpan.FromMinutes(5));

        var late = await CompleteAsync(school, first.SecondFactorTicket, Code(school));

        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, late.Error!.Code);
    }

    [Fact]
    public async Task Complete_AtAnotherInstance_Refused_R6()
    {
        await using var school = await EnrolledAsync();
        var first = await PasswordStepAsync(school);

        var elsewhere = await school.Services.GetRequiredService<AccountSignIn>().CompleteSecondFactorAsync(new SecondFactorRequest
        {
            InstanceSymbol = TestSchool.OtherSymbol,
            Ticket = first.SecondFactorTicket!,
            TotpCode = Code(school),
        });

        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, elsewhere.Error!.Code);
        Assert.NotNull((await school.Services.AccountAsync()).SecondFactorTicket);
    }

    [Fact]
    public async Task Complete_OlderTicketAfterANewerPasswordStep_Refused()
    {
        await using var school = await EnrolledAsync();
        var older = await PasswordStepAsync(school);
        var newer = await PasswordStepAsync(school);

        var withOlder = await CompleteAsync(school, older.SecondFactorTicket, Code(school));
        var withNewer = await CompleteAsync(school, newer.SecondFactorTicket, Code(school));

        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, withOlder.Error!.Code);
        Assert.Equal(SignInOutcome.Success, withNewer.Outcome);
    }

    [Fact]
    public async Task Complete_WrongCode_CountsAndKeepsTheTicketForTheRightCode()
    {
        await using var school = await EnrolledAsync();
        var (secret, _, _) = school.Enrolment;
        var first = await PasswordStepAsync(school);

        var wrong = await CompleteAsync(school, first.SecondFactorTicket, Flow.WrongCode(secret, school.Time.GetUtcNow()));
        var right = await CompleteAsync(school, first.SecondFactorTicket, Code(school));

        Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, wrong.Error!.Code);
        Assert.Equal(SignInOutcome.Success, right.Outcome);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", " ")]
    public async Task Complete_NoCode_AskedAgainNothingCountedTicketKept(string? totp, string? recovery)
    {
        await using var school = await EnrolledAsync();
        var first = await PasswordStepAsync(school);

        for (var i = 0; i < 10; i++)
        {
            var empty = await CompleteAsync(school, first.SecondFactorTicket, totp, recovery);
            Assert.Equal(SignInOutcome.RequiresSecondFactor, empty.Outcome);
            Assert.Equal(AccessErrorCodes.SignInRequiresSecondFactor, empty.Error!.Code);
        }

        var right = await CompleteAsync(school, first.SecondFactorTicket, Code(school));

        Assert.Equal(SignInOutcome.Success, right.Outcome);
    }

    [Fact]
    public async Task Complete_32ParallelCompletionsOfOneTicket_ExactlyOneSession()
    {
        await using var school = await EnrolledAsync();
        var (_, codes, _) = school.Enrolment;
        var first = await PasswordStepAsync(school);
        var code = Code(school);

        // Half with the TOTP code, half each with its own recovery code: only the ticket can stop the second session.
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
            i % 2 == 0 ? CompleteAsync(school, first.SecondFactorTicket, code) : CompleteAsync(school, first.SecondFactorTicket, recovery: codes[(i / 2) % codes.Count]))));

        Assert.Single(results, r => r.Outcome == SignInOutcome.Success);
        Assert.All(results.Where(r => r.Outcome != SignInOutcome.Success), r => Assert.Null(r.SessionTicket));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a ticket")]
    [InlineData("00000000000000000000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("0000000000000000000000000000000G.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("00000000-0000-0000-0000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Complete_MalformedOrUnknownTicket_Refused(string? ticket)
    {
        await using var school = await EnrolledAsync();

        var done = await CompleteAsync(school, ticket, Code(school));

        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, done.Error!.Code);
        Assert.Equal("ticket", done.Error.Field);
    }

    [Fact]
    public async Task Complete_TicketWithAnotherAccountsId_Refused()
    {
        await using var school = await EnrolledAsync();
        var first = await PasswordStepAsync(school);
        var forged = Guid.NewGuid().ToString("N") + first.SecondFactorTicket![32..];

        var done = await CompleteAsync(school, forged, Code(school));

        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, done.Error!.Code);
    }

    [Fact]
    public async Task SignInInTwoSteps_CountingHasher_PasswordVerifiedOnce()
    {
        await using var school = await CustomSchool.CreateAsync(services: s => s.AddSingleton<IPasswordHasher, CountingPasswordHasher>());
        var hasher = (CountingPasswordHasher)school.Services.GetRequiredService<IPasswordHasher>();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, _, _) = await school.Services.EnrolTotpAsync(school.Time);
        var before = hasher.Verifications;

        var done = await school.Services.TrySignInAsync(totp: Flow.Code(secret, school.Time.GetUtcNow()));

        Assert.Equal(SignInOutcome.Success, done.Outcome);
        Assert.Equal(1, hasher.Verifications - before);
    }

    [Fact]
    public async Task Complete_BoundToClient_AnotherClientRefusedTheSameAccepted()
    {
        await using var school = await EnrolledAsync(o => o.SignIn.BindSecondFactorTicketToClient = true);
        var first = await PasswordStepAsync(school, clientKey: "10.0.0.1");

        var otherClient = await CompleteAsync(school, first.SecondFactorTicket, Code(school), clientKey: "10.0.0.2");
        var sameClient = await CompleteAsync(school, first.SecondFactorTicket, Code(school), clientKey: "10.0.0.1");

        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, otherClient.Error!.Code);
        Assert.Equal(SignInOutcome.Success, sameClient.Outcome);
    }

    [Fact]
    public async Task Complete_NotBoundByDefault_PhoneThatChangedNetworksSignsIn()
    {
        await using var school = await EnrolledAsync();
        var first = await PasswordStepAsync(school, clientKey: "10.0.0.1");

        var done = await CompleteAsync(school, first.SecondFactorTicket, Code(school), clientKey: "192.0.2.7");

        Assert.Equal(SignInOutcome.Success, done.Outcome);
    }

    [Fact]
    public async Task Complete_PasswordChangedMeanwhile_Refused()
    {
        await using var school = await EnrolledAsync();
        var (_, _, session) = school.Enrolment;
        var first = await PasswordStepAsync(school);
        var changed = await school.Services.GetRequiredService<PasswordChange>().ChangeAsync(new PasswordChangeRequest
        {
            SessionTicket = session,
            CurrentPassword = Flow.Password,
            NewPassword = Flow.OtherPassword,
        });
        Assert.True(changed.Succeeded, changed.ToString());

        var done = await CompleteAsync(school, first.SecondFactorTicket, Code(school));

        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, done.Error!.Code);
    }

    [Fact]
    public async Task Complete_GuardianRemovedFromTheRecordMeanwhile_NotEligible_R2()
    {
        await using var school = await EnrolledAsync();
        var first = await PasswordStepAsync(school);
        var ola = (await school.Records.ListStudentsAsync(TestSchool.SecretarySp1, TestSchool.Sp1)).Value.Single();
        Assert.True((await school.Records.RemoveGuardianAsync(TestSchool.SecretarySp1, ola.Id, ola.Guardians.Single().Id)).Succeeded);

        var done = await CompleteAsync(school, first.SecondFactorTicket, Code(school));

        Assert.Equal(AccessErrorCodes.SignInNotEligible, done.Error!.Code);
        Assert.Null(done.SessionTicket);
    }

    [Fact]
    public async Task Options_SecondFactorTicketLifetimeOutOfRange_RefusedAtStart()
    {
        var services = new ServiceCollection();
        services.AddUonetAccess(o =>
        {
            o.EnvironmentName = "Development";
            o.SignIn.SecondFactorTicketLifetime = TimeSpan.FromHours(2);
        }).UseInMemoryStore();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("SignIn.SecondFactorTicketLifetime", StringComparison.Ordinal));
    }

    private static string Code(EnrolledSchool school) => Flow.Code(school.Enrolment.Secret, school.Time.GetUtcNow());

    private static Task<AccountSignInResult> PasswordStepAsync(EnrolledSchool school, string? clientKey = null) =>
        school.Services.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest
        {
            InstanceSymbol = TestSchool.Symbol,
            Email = Flow.MotherEmail,
            Password = Flow.Password,
            ClientKey = clientKey,
        });

    private static Task<AccountSignInResult> CompleteAsync(EnrolledSchool school, string? ticket, string? totp = null, string? recovery = null, string? clientKey = null) =>
        school.Services.GetRequiredService<AccountSignIn>().CompleteSecondFactorAsync(new SecondFactorRequest
        {
            InstanceSymbol = TestSchool.Symbol,
            Ticket = ticket!,
            TotpCode = totp,
            RecoveryCode = recovery,
            ClientKey = clientKey,
        });

    private static async Task<EnrolledSchool> EnrolledAsync(Action<UonetAccessOptions>? configure = null)
    {
        var school = await TestSchool.CreateAsync(configure);
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        return new EnrolledSchool(school, await school.Services.EnrolTotpAsync(school.Time));
    }

    private sealed record EnrolledSchool(TestSchool School, (byte[] Secret, IReadOnlyList<string> Codes, string Ticket) Enrolment) : IAsyncDisposable
    {
        public IServiceProvider Services => School.Services;

        public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => School.Time;

        public Uonet.Access.Records.StudentRecords Records => School.Records;

        public ValueTask DisposeAsync() => School.DisposeAsync();
    }
}
