using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Credentials;
using Uonet.Access.Tests.Credentials.Workflows;
using Uonet.Access.Tests.Devices.Pairing;

namespace Uonet.Access.Tests.Security;

/// <summary>
/// The second factor at sign-in in an attacker's hands, the password being known: a TOTP code changed at every digit,
/// cut short, lengthened, written in other digits, of a step outside the ±1 window or of another account; a recovery
/// code changed at every symbol, cut short or lengthened; a secret made for another purpose in either field. Each is
/// <see cref="AccessErrorCodes.SignInSecondFactorFailed"/>, changes nothing stored, and the genuine code still signs in
/// (ASVS 5.0 V6.5: one-time codes single use, bound to the account and time, compared in full).
/// </summary>
public sealed class SecondFactorAttackTests
{
    private const string Totp = "TOTP";
    private const string Recovery = "recovery";

    [Fact]
    public async Task SignIn_TotpWithEveryDigitChangedCutShortLengthenedOrInOtherDigits_SecondFactorFailedGenuineStillSignsIn()
    {
        await using var secrets = await GatherAsync();
        var code = secrets[HeldSecrets.TotpCode];
        var accepted = AcceptedCodes(secrets);
        string[] reshaped =
        [
            code[..5], code + "0", "0" + code, code[..3] + "-" + code[3..],
            string.Concat(code.Select(c => (char)('\u0660' + (c - '0')))), // Arabic-Indic digits
            string.Concat(code.Select(c => (char)('\uFF10' + (c - '0')))), // full-width digits
            code.Replace('0', 'O').Replace('1', 'l'),
            code + new string(' ', 40),
        ];
        var forgeries = Enumerable.Range(0, code.Length).Select(position => WithDigitChanged(code, position, accepted))
            .Concat(reshaped.Where(f => f != code))
            .ToList();

        var results = await SignInEachAsync(secrets, forgeries);
        var genuine = await secrets.School.Services.TrySignInAsync(PairingSupport.MotherEmail, PairingSupport.Password, totp: code);

        Assert.All(results, r => AssertSecondFactorFailed(r.Result, r.Input));
        Assert.Equal(SignInOutcome.Success, genuine.Outcome);
    }

    [Fact]
    public async Task SignIn_TotpOfAStepOutsideTheWindow_SecondFactorFailed()
    {
        await using var secrets = await GatherAsync();
        var now = secrets.School.Time.GetUtcNow();
        var accepted = AcceptedCodes(secrets);
        var outside = new[] { -120, -90, -60, 60, 90, 120 }
            .Select(seconds => Flow.Code(secrets.TotpSecret, now.AddSeconds(seconds)))
            .Where(c => !accepted.Contains(c))
            .ToList();

        var results = await SignInEachAsync(secrets, outside);

        Assert.True(outside.Count >= 4, "codes of steps two to four away, apart from a rare coincidence with an accepted code");
        Assert.All(results, r => AssertSecondFactorFailed(r.Result, r.Input));
    }

    [Fact]
    public async Task SignIn_TotpOfAnotherAccount_SecondFactorFailed()
    {
        await using var secrets = await GatherAsync();
        var school = secrets.School;
        await school.Services.SetPasswordAsync(PairingSupport.FatherEmail, PairingSupport.Password);
        var (fatherSecret, _, _) = await school.Services.EnrolTotpAsync(school.Time, PairingSupport.FatherEmail);
        AdvanceUntilDifferent(school.Time, () => Flow.Code(fatherSecret, school.Time.GetUtcNow()), () => AcceptedCodes(secrets));

        var results = await SignInEachAsync(secrets, [Flow.Code(fatherSecret, school.Time.GetUtcNow())]);

        AssertSecondFactorFailed(Assert.Single(results).Result, "the father's code");
    }

    [Fact]
    public async Task SignIn_RecoveryCodeWithEverySymbolChangedCutOrLengthened_SecondFactorFailedCodeKept()
    {
        await using var secrets = await GatherAsync();
        var code = secrets[HeldSecrets.RecoveryCode];
        var forgeries = Tampering.EachCharacterChanged(code, RecoveryCodes.Alphabet, caseSensitive: false).Where(f => code[f.Position] != '-').Select(f => f.Forged)
            .Concat(Tampering.Truncations(code).Skip(1))
            .Concat(Tampering.Extensions(code, RecoveryCodes.Alphabet))
            .ToList();

        var results = await SignInEachAsync(secrets, forgeries, Recovery);
        var unused = (await secrets.School.Services.AccountAsync(PairingSupport.MotherEmail)).RecoveryCodeHashes.Count;
        var genuine = await secrets.School.Services.TrySignInAsync(PairingSupport.MotherEmail, PairingSupport.Password, recovery: code);

        Assert.Equal(12 + 12 + 4, forgeries.Count);
        Assert.All(results, r => AssertSecondFactorFailed(r.Result, r.Input));
        Assert.Equal(RecoveryCodes.DefaultCount, unused);
        Assert.Equal(SignInOutcome.Success, genuine.Outcome);
    }

    [Theory]
    [InlineData(HeldSecrets.PairingPin, Totp)]
    [InlineData(HeldSecrets.RecoveryCode, Totp)]
    [InlineData(HeldSecrets.LinkToken, Totp)]
    [InlineData(HeldSecrets.TotpCode, Recovery)]
    [InlineData(HeldSecrets.PairingToken, Recovery)]
    [InlineData(HeldSecrets.PairingPin, Recovery)]
    [InlineData(HeldSecrets.LinkToken, Recovery)]
    [InlineData(HeldSecrets.SessionSecret, Recovery)]
    public async Task SignIn_SecretMadeForAnotherPurposeAsSecondFactor_SecondFactorFailed(string kind, string field)
    {
        await using var secrets = await GatherAsync();
        AdvanceUntilDifferent(secrets.School.Time, () => secrets[kind], () => AcceptedCodes(secrets));

        var results = await SignInEachAsync(secrets, [secrets[kind]], field);

        AssertSecondFactorFailed(Assert.Single(results).Result, $"{kind} as the {field} code");
        Assert.Equal(RecoveryCodes.DefaultCount, (await secrets.School.Services.AccountAsync(PairingSupport.MotherEmail)).RecoveryCodeHashes.Count);
    }

    [Theory]
    [MemberData(nameof(HeldSecrets.AllBut), HeldSecrets.SecondFactorTicket, MemberType = typeof(HeldSecrets))]
    public async Task CompleteSecondFactor_SecretMadeForAnotherPurposeAsTicket_TicketInvalidAndTheRealTicketStillWorks(string kind)
    {
        await using var secrets = await GatherAsync();
        var signIn = secrets.School.SignIn;
        var code = secrets[HeldSecrets.TotpCode];

        var forged = await signIn.CompleteSecondFactorAsync(new SecondFactorRequest { InstanceSymbol = TestSchool.Symbol, Ticket = secrets[kind], TotpCode = code });
        var genuine = await signIn.CompleteSecondFactorAsync(new SecondFactorRequest { InstanceSymbol = TestSchool.Symbol, Ticket = secrets[HeldSecrets.SecondFactorTicket], TotpCode = code });

        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, forged.Error?.Code);
        Assert.Null(forged.SessionTicket);
        Assert.Equal(SignInOutcome.Success, genuine.Outcome);
    }

    [Fact]
    public async Task CompleteSecondFactor_TicketWithEveryCharacterChanged_TicketInvalidAndTheRealTicketStillWorks()
    {
        await using var secrets = await GatherAsync();
        var signIn = secrets.School.SignIn;
        var ticket = secrets[HeldSecrets.SecondFactorTicket];
        var code = secrets[HeldSecrets.TotpCode];
        var forgeries = Enumerable.Range(0, ticket.Length)
            .Select(i => ticket[..i] + (ticket[i] == 'a' ? 'b' : 'a') + ticket[(i + 1)..])
            .Concat([ticket[..^1], ticket + "A", ticket.ToUpperInvariant(), " " + ticket])
            .Where(f => f != ticket);

        foreach (var forgery in forgeries)
        {
            var result = await signIn.CompleteSecondFactorAsync(new SecondFactorRequest { InstanceSymbol = TestSchool.Symbol, Ticket = forgery, TotpCode = code });
            Assert.True(result.Error?.Code == AccessErrorCodes.SignInSecondFactorTicketInvalid, $"{forgery}: {result.Outcome} {result.Error}");
        }

        var genuine = await signIn.CompleteSecondFactorAsync(new SecondFactorRequest { InstanceSymbol = TestSchool.Symbol, Ticket = ticket, TotpCode = code });
        Assert.Equal(SignInOutcome.Success, genuine.Outcome);
    }

    // A limit far above the forgeries of one test: lockout itself is specified in the sign-in tests.
    private static Task<HeldSecrets> GatherAsync() =>
        HeldSecrets.GatherAsync(o => o.SignIn.PerAddress = new AttemptPolicy(1_000, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5)));

    private static async Task<List<(string Input, AccountSignInResult Result)>> SignInEachAsync(HeldSecrets secrets, IEnumerable<string> codes, string field = Totp)
    {
        var results = new List<(string, AccountSignInResult)>();
        foreach (var code in codes)
        {
            var services = secrets.School.Services;
            results.Add((code, field == Totp
                ? await services.TrySignInAsync(PairingSupport.MotherEmail, PairingSupport.Password, totp: code)
                : await services.TrySignInAsync(PairingSupport.MotherEmail, PairingSupport.Password, recovery: code)));
        }

        return results;
    }

    private static void AssertSecondFactorFailed(AccountSignInResult result, string input)
    {
        Assert.True(result.Outcome == SignInOutcome.Failed && result.Error?.Code == AccessErrorCodes.SignInSecondFactorFailed, $"{input}: {result.Outcome} {result.Error}");
        Assert.Null(result.SessionTicket);
    }

    // The codes of the steps the library accepts now: the current one and one either side.
    private static HashSet<string> AcceptedCodes(HeldSecrets secrets)
    {
        var now = secrets.School.Time.GetUtcNow();
        return [.. new[] { -30, 0, 30 }.Select(s => Flow.Code(secrets.TotpSecret, now.AddSeconds(s)))];
    }

    private static string WithDigitChanged(string code, int position, HashSet<string> accepted)
    {
        for (var step = 1; step < 10; step++)
        {
            var digits = code.ToCharArray();
            digits[position] = (char)('0' + ((digits[position] - '0' + step) % 10));
            var forged = new string(digits);
            if (!accepted.Contains(forged))
            {
                return forged;
            }
        }

        throw new InvalidOperationException("three accepted codes cannot cover nine variants of one digit");
    }

    // A secret that happens to equal an accepted TOTP code (about 3 in a million for a 6-digit one) would be a guess, not
    // an attack: move to the next step until it is not one.
    private static void AdvanceUntilDifferent(FakeTimeProvider time, Func<string> secret, Func<HashSet<string>> accepted)
    {
        while (accepted().Contains(secret()))
        {
            time.Advance(TimeSpan.FromSeconds(TotpAlgorithm.PeriodSeconds));
        }
    }
}
