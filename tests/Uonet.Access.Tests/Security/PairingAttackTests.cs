using Uonet.Access.Devices;
using Uonet.Access.Tests.Devices.Pairing;

namespace Uonet.Access.Tests.Security;

/// <summary>
/// A pairing ticket (R7) in an attacker's hands: the token changed at every symbol, cut short, lengthened or replaced
/// by a secret made for another purpose is <see cref="AccessErrorCodes.PairingTokenUnknown"/> and costs the ticket no
/// PIN try; a PIN changed at every digit, or the PIN of another ticket, is <see cref="AccessErrorCodes.PairingWrongPin"/>
/// and costs one. The genuine token and PIN still register the phone afterwards (ASVS 5.0 V6.6: out-of-band codes
/// random, short-lived, bound to their request, with limited tries).
/// </summary>
public sealed class PairingAttackTests
{
    [Fact]
    public async Task Register_EveryTokenSymbolChanged_TokenUnknownNoTrySpentGenuineStillRegisters_R7()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        var forgeries = Tampering.EachCharacterChanged(ticket.Token.Replace("-", string.Empty, StringComparison.Ordinal), PairingCode.Alphabet, caseSensitive: false)
            .Select(f => f.Forged)
            .ToList();

        var refusals = await RegisterEachAsync(school, forgeries, ticket.Pin);
        var wrongPin = await school.RegisterAsync(ticket, pin: PairingSupport.WrongPin(ticket));
        var genuine = await school.RegisterAsync(ticket);

        Assert.Equal(PairingCode.TokenLength, forgeries.Count);
        Assert.All(refusals, r => r.Result.AssertRefused(AccessErrorCodes.PairingTokenUnknown, r.Input));
        Assert.Equal("2", wrongPin.Argument("remainingTries"));
        Assert.True(genuine.Succeeded, genuine.ToString());
    }

    [Fact]
    public async Task Register_TokenTruncatedToEveryLengthOrLengthened_TokenUnknownGenuineStillRegisters_R7()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        var token = ticket.Token.Replace("-", string.Empty, StringComparison.Ordinal);
        var forgeries = Tampering.Truncations(token).Concat(Tampering.Extensions(token, PairingCode.Alphabet)).ToList();

        var refusals = await RegisterEachAsync(school, forgeries, ticket.Pin);
        var genuine = await school.RegisterAsync(ticket);

        Assert.All(refusals, r => r.Result.AssertRefused(AccessErrorCodes.PairingTokenUnknown, r.Input));
        Assert.True(genuine.Succeeded, genuine.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Register_PinWithOneDigitChanged_WrongPinOneTrySpentGenuineStillRegisters_R7(int position)
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        var digits = ticket.Pin.ToCharArray();
        digits[position] = (char)('0' + ((digits[position] - '0' + 1) % 10));

        var forged = await school.RegisterAsync(ticket, pin: new string(digits));
        var genuine = await school.RegisterAsync(ticket);

        forged.AssertRefused(AccessErrorCodes.PairingWrongPin, new string(digits));
        Assert.Equal("2", forged.Argument("remainingTries"));
        Assert.True(genuine.Succeeded, genuine.ToString());
    }

    [Fact]
    public async Task Register_PinOfAnotherAccountsTicket_WrongPin_R7()
    {
        var (school, motherSession) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var fatherSession = await school.SignInAsync(PairingSupport.FatherEmail);
        var mother = await school.CreateTicketAsync(motherSession);
        var father = await school.CreateTicketAsync(fatherSession);
        while (father.Pin == mother.Pin)
        {
            father = await school.CreateTicketAsync(fatherSession);
        }

        var crossed = await school.RegisterAsync(mother, pin: father.Pin);
        var fathersOwn = await school.RegisterAsync(father);

        crossed.AssertRefused(AccessErrorCodes.PairingWrongPin, "the father's PIN on the mother's token");
        Assert.Equal("2", crossed.Argument("remainingTries"));
        Assert.True(fathersOwn.Succeeded, fathersOwn.ToString());
    }

    [Theory]
    [MemberData(nameof(HeldSecrets.AllBut), HeldSecrets.PairingToken, MemberType = typeof(HeldSecrets))]
    public async Task Register_SecretMadeForAnotherPurposeAsToken_TokenUnknownOpenTicketUntouched(string kind)
    {
        await using var secrets = await HeldSecrets.GatherAsync();
        var school = secrets.School;

        var forged = await school.Devices().RegisterDeviceAsync(TestSchool.Symbol, secrets[kind], secrets.OpenTicket.Pin, PairingSupport.Phone());
        var wrongPin = await school.RegisterAsync(secrets.OpenTicket, pin: PairingSupport.WrongPin(secrets.OpenTicket));

        forged.AssertRefused(AccessErrorCodes.PairingTokenUnknown, kind);
        Assert.Equal("2", wrongPin.Argument("remainingTries"));
    }

    private static async Task<List<(string Input, AccessResult Result)>> RegisterEachAsync(TestSchool school, IEnumerable<string> tokens, string pin)
    {
        var results = new List<(string, AccessResult)>();
        foreach (var token in tokens)
        {
            results.Add((token, await school.Devices().RegisterDeviceAsync(TestSchool.Symbol, token, pin, PairingSupport.Phone())));
        }

        return results;
    }
}
