using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Uonet.Access.Credentials;

namespace Uonet.Access.Tests.Credentials.TwoFactor;

public sealed class RecoveryCodesTests
{
    private static readonly Regex CodeFormat = new("^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$");

    [Fact]
    public void Generate_Default_TenDistinctCodesOfTwoGroupsOfSix()
    {
        var codes = RecoveryCodes.Generate();

        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, code => Assert.Matches(CodeFormat, code));
    }

    [Fact]
    public void Generate_Count_ReturnsThatMany()
    {
        Assert.Equal(3, RecoveryCodes.Generate(3).Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    public void Generate_CountOutOfRange_Throws(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RecoveryCodes.Generate(count));
    }

    [Fact]
    public void Alphabet_LeavesOutLookAlikes_AndGivesAtLeast50Bits()
    {
        var alphabet = RecoveryCodes.Alphabet;

        Assert.Equal(alphabet.Length, alphabet.Distinct().Count());
        Assert.All("0O1IL", c => Assert.DoesNotContain(c, alphabet));
        Assert.Equal(31, alphabet.Length);
        Assert.True(2 * RecoveryCodes.GroupLength * Math.Log2(alphabet.Length) >= 50);
    }

    [Fact]
    public void Generate_ManyCodes_UseEverySymbolOfTheAlphabetAndNoOther()
    {
        // 2,400 symbols: a symbol of a uniform draw is missing with probability about 31 * (30/31)^2400 < 1e-32.
        var symbols = Enumerable.Range(0, 20)
            .SelectMany(_ => RecoveryCodes.Generate())
            .SelectMany(code => code.Replace("-", "", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(2_400, symbols.Count);
        Assert.Equal(RecoveryCodes.Alphabet.Order(), symbols.Distinct().Order());
    }

    [Fact]
    public void Hash_Code_IsSha256LowerHexOfNormalizedCode()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData("ABCDEFGHJKMN"u8));

        Assert.Equal(expected, RecoveryCodes.Hash("ABCDEF-GHJKMN"));
    }

    [Theory]
    [InlineData("abcdef-ghjkmn")]
    [InlineData("ABCDEF GHJKMN")]
    [InlineData(" abcdefghjkmn\t")]
    [InlineData("AbCdEf--GhJkMn")]
    public void Hash_CaseSpacesAndDashes_Ignored(string typed)
    {
        Assert.Equal(RecoveryCodes.Hash("ABCDEF-GHJKMN"), RecoveryCodes.Hash(typed));
    }

    [Fact]
    public void Hash_OtherCode_Differs()
    {
        Assert.NotEqual(RecoveryCodes.Hash("ABCDEF-GHJKMN"), RecoveryCodes.Hash("ABCDEF-GHJKMP"));
    }

    [Fact]
    public void IndexOf_CodeTypedInLowerCaseWithSpaces_FindsItsHash()
    {
        var codes = RecoveryCodes.Generate();
        var hashes = codes.Select(RecoveryCodes.Hash).ToList();
        var typed = codes[7].ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal);

        Assert.Equal(7, RecoveryCodes.IndexOf(hashes, typed));
    }

    [Fact]
    public void IndexOf_EachCode_FindsItsOwnIndex()
    {
        var codes = RecoveryCodes.Generate();
        var hashes = codes.Select(RecoveryCodes.Hash).ToList();

        Assert.Equal(Enumerable.Range(0, 10), codes.Select(code => RecoveryCodes.IndexOf(hashes, code)));
    }

    [Fact]
    public void IndexOf_CodeAlreadyUsedAndRemoved_ReturnsMinusOne()
    {
        var codes = RecoveryCodes.Generate();
        var remaining = codes.Skip(1).Select(RecoveryCodes.Hash).ToList();

        Assert.Equal(-1, RecoveryCodes.IndexOf(remaining, codes[0]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEF-GHJKMP")]
    [InlineData(null)]
    public void IndexOf_UnknownOrMissingCode_ReturnsMinusOne(string? typed)
    {
        var hashes = new[] { RecoveryCodes.Hash("ABCDEF-GHJKMN"), RecoveryCodes.Hash("222222-333333") };

        Assert.Equal(-1, RecoveryCodes.IndexOf(hashes, typed));
    }

    [Fact]
    public void IndexOf_InputFarLongerThanACode_ReturnsMinusOne()
    {
        var hashes = new[] { RecoveryCodes.Hash("ABCDEF-GHJKMN") };
        var typed = "ABCDEF-GHJKMN" + new string('-', 100);

        Assert.Equal(-1, RecoveryCodes.IndexOf(hashes, typed));
    }

    [Fact]
    public void IndexOf_SameHashTwice_ReturnsFirstIndex()
    {
        var hash = RecoveryCodes.Hash("ABCDEF-GHJKMN");
        var hashes = new[] { RecoveryCodes.Hash("222222-333333"), hash, hash };

        Assert.Equal(1, RecoveryCodes.IndexOf(hashes, "ABCDEF-GHJKMN"));
    }

    [Fact]
    public void IndexOf_EmptyList_ReturnsMinusOne()
    {
        Assert.Equal(-1, RecoveryCodes.IndexOf([], "ABCDEF-GHJKMN"));
    }
}
