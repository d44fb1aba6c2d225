using Uonet.Access.Devices;

namespace Uonet.Access.Tests.Devices.Pairing;

public sealed class PairingCodeTests
{
    [Fact]
    public void Alphabet_HasNoLookAlikes_ThirtyOneDistinctSymbols_Rfc8628()
    {
        Assert.Equal(31, PairingCode.Alphabet.Distinct().Count());
        Assert.Equal(PairingCode.Alphabet.Length, PairingCode.Alphabet.Distinct().Count());
        Assert.DoesNotContain(PairingCode.Alphabet, c => "0O1IL".Contains(c, StringComparison.Ordinal));
        Assert.All(PairingCode.Alphabet, c => Assert.True(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)));
    }

    [Fact]
    public void TokenSpace_EightSymbols_CarriesAtLeast34Bits()
    {
        var bits = PairingCode.TokenLength * Math.Log2(PairingCode.Alphabet.Length);

        Assert.InRange(bits, 39.6, 39.7);
    }

    [Fact]
    public void NewToken_ManyTokens_EightSymbolsOfAlphabet_EverySymbolUsed()
    {
        var tokens = Enumerable.Range(0, 2000).Select(_ => PairingCode.NewToken()).ToList();

        Assert.All(tokens, t => Assert.Equal(8, t.Length));
        Assert.All(tokens, t => Assert.All(t, c => Assert.Contains(c, PairingCode.Alphabet)));
        Assert.Equal(PairingCode.Alphabet.Order(), tokens.SelectMany(t => t).Distinct().Order());
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public void NewPin_ManyPins_SixAsciiDigits_LeadingZerosKept()
    {
        var pins = Enumerable.Range(0, 5000).Select(_ => PairingCode.NewPin()).ToList();

        Assert.All(pins, p => Assert.Matches("^[0-9]{6}$", p));
        Assert.Contains(pins, p => p[0] == '0');
        Assert.True(pins.Distinct().Count() > 4900);
    }

    [Theory]
    [InlineData("ABCDEFGH", "ABCDEFGH")]
    [InlineData("abcd-efgh", "ABCDEFGH")]
    [InlineData(" ab cd  ef gh ", "ABCDEFGH")]
    [InlineData("ABCD\u2013EFGH", "ABCDEFGH")]
    [InlineData("a-b-c-d-2-3-4-5", "ABCD2345")]
    [InlineData("\tzzzz 9999\n", "ZZZZ9999")]
    public void Normalize_TypedForms_GiveNormalToken(string typed, string expected)
    {
        Assert.Equal(expected, PairingCode.Normalize(typed));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCD-EFG")]
    [InlineData("ABCD-EFGHJ")]
    [InlineData("ABCD-EFG0")]
    [InlineData("ABCD-EFGO")]
    [InlineData("ABCD-EFG1")]
    [InlineData("ABCD-EFGI")]
    [InlineData("abcd-efgl")]
    [InlineData("ABCD_EFGH")]
    [InlineData("ABCD.EFGH")]
    [InlineData("ＡＢＣＤＥＦＧＨ")]
    [InlineData("ABCDEFGĄ")]
    public void Normalize_OutsideAlphabetOrWrongLength_Null(string? typed)
    {
        Assert.Null(PairingCode.Normalize(typed));
    }

    [Fact]
    public void Normalize_LongRunOfSpaces_RefusedWithoutScanning()
    {
        Assert.Null(PairingCode.Normalize("ABCD" + new string(' ', 100) + "EFGH"));
    }

    [Fact]
    public void Display_NormalToken_DashInTheMiddle()
    {
        Assert.Equal("ABCD-EFGH", PairingCode.Display("ABCDEFGH"));
    }

    [Theory]
    [InlineData("012345", "012345")]
    [InlineData(" 012 345 ", "012345")]
    [InlineData("999999", "999999")]
    public void NormalizePin_SixDigits_Accepted(string typed, string expected)
    {
        Assert.Equal(expected, PairingCode.NormalizePin(typed));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData("12-345")]
    [InlineData("١٢٣٤٥٦")]
    public void NormalizePin_NotSixAsciiDigits_Null(string? typed)
    {
        Assert.Null(PairingCode.NormalizePin(typed));
    }

    [Fact]
    public void HashPin_SamePinTwoTickets_DifferentHashes()
    {
        var first = PairingCode.HashPin(Guid.NewGuid(), "123456");
        var second = PairingCode.HashPin(Guid.NewGuid(), "123456");

        Assert.NotEqual(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void HashPin_IsSha256OfTicketIdColonPin()
    {
        var id = Guid.Parse("0198f3a2-1111-7222-8333-444455556666");

        var hash = PairingCode.HashPin(id, "012345");

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("0198f3a2111172228333444455556666:012345"u8));
        Assert.Equal(expected, hash);
    }

    [Fact]
    public void PinMatches_RightAndWrongPin_TrueOnlyForTheRightOne()
    {
        var id = Guid.NewGuid();
        var ticket = new PairingTicket
        {
            Id = id,
            TokenHash = PairingCode.HashToken("ABCDEFGH"),
            PinHash = PairingCode.HashPin(id, "007007"),
            AccountId = Guid.NewGuid(),
            InstanceSymbol = TestSchool.Symbol,
            CreatedAt = DateTimeOffset.UnixEpoch,
            ExpiresAt = DateTimeOffset.UnixEpoch.AddMinutes(10),
            RemainingTries = 3,
        };

        Assert.True(PairingCode.PinMatches(ticket, "007007"));
        Assert.False(PairingCode.PinMatches(ticket, "007008"));
        Assert.False(PairingCode.PinMatches(ticket with { Id = Guid.NewGuid() }, "007007"));
    }
}
