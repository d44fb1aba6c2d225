using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Sessions;
using Uonet.Access.Tests.Credentials.Workflows;
using Uonet.Access.Tests.Devices.Pairing;

namespace Uonet.Access.Tests.Security;

/// <summary>
/// Session tickets (<c>generation.session-id.secret</c>) in an attacker's hands: changed at every character, cut short,
/// lengthened, stitched from two sessions, or replaced by a secret made for another purpose. None is ever a valid
/// session and none throws; the answer says which part was hit — an unreadable ticket, an unknown session or another
/// generation is <see cref="SessionStatus.Stale"/> (dropped quietly, R10), a known session with a wrong secret is
/// <see cref="SessionStatus.Revoked"/> — and no forgery signs the real session out. A genuine ticket opens its own
/// instance's session only (R6). ASVS 5.0 V7.2: session tokens verified by the back end, random, bound to the session.
/// </summary>
public sealed class SessionTicketAttackTests
{
    private const string Hex = "0123456789abcdef";

    [Fact]
    public async Task Validate_EveryCharacterChanged_StaleForGenerationOrIdRevokedForSecretRealSessionKept()
    {
        await using var secrets = await HeldSecrets.GatherAsync();
        var ticket = secrets[HeldSecrets.SessionTicket];
        var parts = ticket.Split('.');
        var secretForgeries = Tampering.EachCharacterChanged(parts[2], Tampering.Base64Url).Select(f => (Part: "secret", Ticket: $"{parts[0]}.{parts[1]}.{f.Forged}")).ToList();
        var forgeries = Tampering.EachCharacterChanged(parts[0], "0123456789").Select(f => (Part: "generation", Ticket: $"{f.Forged}.{parts[1]}.{parts[2]}"))
            .Concat(Tampering.EachCharacterChanged(parts[1], Hex, caseSensitive: false).Select(f => (Part: "id", Ticket: $"{parts[0]}.{f.Forged}.{parts[2]}")))
            .Concat(secretForgeries)
            .Concat([(Part: "separator", Ticket: ticket.Replace('.', '-')), (Part: "separator", Ticket: ticket.Replace('.', ':'))])
            .ToList();

        // A ticket of another generation still carries the session's own secret, so it may sign that session out (an old
        // cookie after a deploy): only what does not carry the secret is used against the real session here.
        var answers = new List<SessionValidation>();
        foreach (var (part, forged) in forgeries)
        {
            answers.AddRange(await AnswersToAsync(secrets.School, [forged], alsoSignOut: part != "generation"));
        }

        var genuine = await secrets.School.Services.ValidateAsync(ticket);

        Assert.Equal(32, forgeries.Count(f => f.Part == "id"));
        Assert.True(secretForgeries.Count > parts[2].Length, "every position of the secret, and its letters in both cases");
        Assert.All(forgeries.Zip(answers), pair =>
        {
            var expected = pair.First.Part == "secret" ? (SessionStatus.Revoked, AccessErrorCodes.SessionSignedOut) : (SessionStatus.Stale, AccessErrorCodes.SessionStale);
            AssertRefused(pair.Second, expected, $"{pair.First.Part} changed: {pair.First.Ticket}");
        });
        Assert.Equal(SessionStatus.Valid, genuine.Status);
    }

    [Fact]
    public async Task Validate_TruncatedToEveryLengthOrLengthened_StaleRealSessionKept()
    {
        await using var secrets = await HeldSecrets.GatherAsync();
        var ticket = secrets[HeldSecrets.SessionTicket];
        var forgeries = Tampering.Truncations(ticket).Concat(Tampering.Extensions(ticket, Tampering.Base64Url)).ToList();

        var answers = await AnswersToAsync(secrets.School, forgeries);
        var genuine = await secrets.School.Services.ValidateAsync(ticket);

        Assert.Equal(ticket.Length + 4, answers.Count);
        Assert.All(forgeries.Zip(answers), pair => AssertRefused(pair.Second, (SessionStatus.Stale, AccessErrorCodes.SessionStale), pair.First));
        Assert.Equal(SessionStatus.Valid, genuine.Status);
    }

    [Fact]
    public async Task Validate_IdOfOneSessionWithTheSecretOfAnother_RevokedAndBothSessionsKept()
    {
        await using var secrets = await HeldSecrets.GatherAsync();
        var school = secrets.School;
        var mother = secrets[HeldSecrets.SessionTicket].Split('.');
        var father = (await school.SignInAsync(PairingSupport.FatherEmail)).Split('.');
        string[] stitched = [$"{mother[0]}.{father[1]}.{mother[2]}", $"{father[0]}.{mother[1]}.{father[2]}"];

        var answers = await AnswersToAsync(school, stitched);

        Assert.All(stitched.Zip(answers), pair => AssertRefused(pair.Second, (SessionStatus.Revoked, AccessErrorCodes.SessionSignedOut), pair.First));
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(string.Join('.', mother))).Status);
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(string.Join('.', father))).Status);
    }

    [Theory]
    [MemberData(nameof(HeldSecrets.AllBut), HeldSecrets.SessionTicket, MemberType = typeof(HeldSecrets))]
    public async Task Validate_SecretMadeForAnotherPurpose_StaleRealSessionKept(string kind)
    {
        await using var secrets = await HeldSecrets.GatherAsync();

        var answers = await AnswersToAsync(secrets.School, [secrets[kind]]);

        AssertRefused(Assert.Single(answers), (SessionStatus.Stale, AccessErrorCodes.SessionStale), kind);
        Assert.Equal(SessionStatus.Valid, (await secrets.School.Services.ValidateAsync(secrets[HeldSecrets.SessionTicket])).Status);
    }

    [Fact]
    public async Task Validate_LinkTokenInTheSecretPlaceOfARealSession_RevokedRealSessionKept()
    {
        await using var secrets = await HeldSecrets.GatherAsync();
        var ticket = secrets[HeldSecrets.SessionTicket];

        // A link token is drawn and hashed exactly like a session secret, so the ticket reads; only the secret check stops it.
        var forged = ticket[..ticket.LastIndexOf('.')] + "." + secrets[HeldSecrets.LinkToken];
        var answers = await AnswersToAsync(secrets.School, [forged]);

        AssertRefused(Assert.Single(answers), (SessionStatus.Revoked, AccessErrorCodes.SessionSignedOut), forged);
        Assert.Equal(SessionStatus.Valid, (await secrets.School.Services.ValidateAsync(ticket)).Status);
    }

    [Fact]
    public async Task Validate_TicketOfOneInstance_CarriesThatInstanceAndItsPupilsOnly_R6()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.AddStudentAsync(TestSchool.Lo1, "1a", "Piotr", "Nowak", TestSchool.Pesels[1], null, TestSchool.Guardian("Anna", "Nowak", Flow.MotherEmail));
        await school.Services.SetPasswordAsync(Flow.MotherEmail, Flow.Password, TestSchool.OtherSymbol);
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();

        var session = await school.Services.ValidateAsync(ticket);

        // The ticket names no instance of its own: the host compares Account.InstanceSymbol with the address's symbol.
        Assert.Equal(SessionStatus.Valid, session.Status);
        Assert.Equal(TestSchool.Symbol, session.Account!.InstanceSymbol);
        Assert.Equal(["Ola"], session.Pupils.Select(p => p.FirstName));
        Assert.All(session.Pupils, p => Assert.Equal(TestSchool.Symbol, p.InstanceSymbol));
    }

    // Each forgery is validated, then used to sign out and to sign out everywhere: none of them may end a real session.
    private static async Task<List<SessionValidation>> AnswersToAsync(TestSchool school, IEnumerable<string> forgeries, bool alsoSignOut = true)
    {
        var sessions = school.Services.GetRequiredService<SessionTickets>();
        var answers = new List<SessionValidation>();
        foreach (var forged in forgeries)
        {
            answers.Add(await sessions.ValidateAsync(forged));
            if (alsoSignOut)
            {
                await sessions.SignOutAsync(forged);
                Assert.False((await sessions.SignOutEverywhereAsync(forged)).Succeeded, forged);
            }
        }

        return answers;
    }

    private static void AssertRefused(SessionValidation validation, (SessionStatus Status, string Code) expected, string input)
    {
        Assert.True((validation.Status, validation.Code) == expected, $"{input}: {validation.Status} {validation.Code} instead of {expected}");
        Assert.Null(validation.Account);
        Assert.Null(validation.Session);
        Assert.Empty(validation.Pupils);
    }
}
