using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Security;

/// <summary>
/// The link of the first login / Przywróć dostęp (R3, R4) in an attacker's hands: changed at every character, cut
/// short, lengthened, carried to another instance (R6), or replaced by a secret made for another purpose. Every forgery
/// is refused with <see cref="AccessErrorCodes.LinkInvalid"/>, writes nothing, never throws, and leaves the genuine
/// link usable (ASVS 5.0 V6.4: recovery secrets random, single use, short-lived and bound to their purpose).
/// </summary>
public sealed class LinkTokenAttackTests
{
    [Fact]
    public async Task Complete_EveryCharacterChanged_LinkInvalidNothingWrittenGenuineLinkStillWorks_R4()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        var token = await school.Services.RequestTokenAsync();
        var mailBefore = (await school.Store.ListAsync(null, 100, Flow.None)).Count;
        var forgeries = Tampering.EachCharacterChanged(token, Tampering.Base64Url).Select(f => f.Forged).ToList();

        var refusals = await RefusalsOfAsync(school, forgeries);
        var mailAfter = (await school.Store.ListAsync(null, 100, Flow.None)).Count;
        var genuine = await school.Services.CompleteAsync(token);

        Assert.True(forgeries.Count > token.Length, "every position, and letters in both cases");
        Assert.All(refusals, r => r.Result.AssertRefused(AccessErrorCodes.LinkInvalid, r.Forged));
        Assert.Equal(mailBefore, mailAfter);
        Assert.True(genuine.Succeeded, genuine.ToString());
    }

    [Fact]
    public async Task Complete_TruncatedToEveryLengthOrLengthened_LinkInvalidGenuineLinkStillWorks_R4()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        var token = await school.Services.RequestTokenAsync();
        var forgeries = Tampering.Truncations(token).Concat(Tampering.Extensions(token, Tampering.Base64Url)).ToList();

        var refusals = await RefusalsOfAsync(school, forgeries);
        var genuine = await school.Services.CompleteAsync(token);

        Assert.Equal(token.Length + 4, forgeries.Count);
        Assert.All(refusals, r => r.Result.AssertRefused(AccessErrorCodes.LinkInvalid, r.Forged));
        Assert.True(genuine.Succeeded, genuine.ToString());
    }

    [Fact]
    public async Task Complete_LinkIssuedInAnotherInstance_SetsThePasswordThereAndNowhereElse_R6()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.AddStudentAsync(TestSchool.Lo1, "1a", "Piotr", "Nowak", TestSchool.Pesels[1], null, TestSchool.Guardian("Anna", "Nowak", Flow.MotherEmail));
        var tokenOfOtherInstance = await school.Services.RequestTokenAsync(Flow.MotherEmail, TestSchool.OtherSymbol);

        var completed = await school.Services.CompleteAsync(tokenOfOtherInstance);
        var signInHere = await school.Services.TrySignInAsync();

        Assert.True(completed.Succeeded, completed.ToString());
        Assert.NotNull(await school.Store.FindAccountAsync(TestSchool.OtherSymbol, Flow.MotherEmail, Flow.None));
        Assert.Null(await school.Store.FindAccountAsync(TestSchool.Symbol, Flow.MotherEmail, Flow.None));
        Assert.Equal(AccessErrorCodes.SignInFailed, signInHere.Error?.Code);
    }

    [Theory]
    [MemberData(nameof(HeldSecrets.AllBut), HeldSecrets.LinkToken, MemberType = typeof(HeldSecrets))]
    public async Task Complete_SecretMadeForAnotherPurpose_LinkInvalidAndTheRealLinkStillWorks(string kind)
    {
        await using var secrets = await HeldSecrets.GatherAsync();
        var school = secrets.School;
        var accountBefore = await school.Services.AccountAsync();

        var completed = await school.Services.CompleteAsync(secrets[kind], Flow.OtherPassword);
        var checkedLink = await school.RestoreAccess.CheckLinkAsync(secrets[kind]);
        var genuine = await school.Services.CompleteAsync(secrets[HeldSecrets.LinkToken], Flow.OtherPassword);

        completed.AssertRefused(AccessErrorCodes.LinkInvalid, kind);
        checkedLink.AssertRefused(AccessErrorCodes.LinkInvalid, kind);
        Assert.True(genuine.Succeeded, genuine.ToString());
        Assert.NotEqual(accountBefore.PasswordHash, (await school.Services.AccountAsync()).PasswordHash);
    }

    private static async Task<List<(string Forged, AccessResult Result)>> RefusalsOfAsync(TestSchool school, IEnumerable<string> forgeries)
    {
        var results = new List<(string, AccessResult)>();
        foreach (var forged in forgeries)
        {
            results.Add((forged, await school.Services.CompleteAsync(forged)));
            results.Add((forged, await school.RestoreAccess.CheckLinkAsync(forged)));
        }

        return results;
    }
}
