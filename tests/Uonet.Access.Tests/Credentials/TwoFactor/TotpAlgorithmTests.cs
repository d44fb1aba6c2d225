using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using OtpNet;
using Uonet.Access.Credentials;

namespace Uonet.Access.Tests.Credentials.TwoFactor;

public sealed class TotpAlgorithmTests
{
    // RFC 6238 Appendix B: the 20-byte ASCII seed of the SHA-1 vectors.
    private static readonly byte[] RfcSecret = "12345678901234567890"u8.ToArray();

    private static readonly byte[] Secret = Convert.FromHexString("d6e294771e743e385af385d605f6286ea6396c8b");

    // An ordinary moment: 15 s into step 58_067_801.
    private static readonly DateTimeOffset Now = new(2025, 3, 15, 10, 20, 45, TimeSpan.Zero);

    private static readonly long CurrentStep = Now.ToUnixTimeSeconds() / 30;

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void MatchStep_RfcAppendixBSha1Vector_MatchesItsStep(long unixSeconds, string code)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

        var step = TotpAlgorithm.MatchStep(RfcSecret, code, now, lastUsedStep: null, digits: 8);

        Assert.Equal(unixSeconds / 30, step);
    }

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(2000000000L, "279037")]
    public void MatchStep_LastSixDigitsOfRfcVector_MatchesItsStep(long unixSeconds, string code)
    {
        // A d-digit HOTP value is the 31-bit truncation mod 10^d, so the 6-digit code is the 8-digit one's tail.
        var now = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

        Assert.Equal(unixSeconds / 30, TotpAlgorithm.MatchStep(RfcSecret, code, now, lastUsedStep: null));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(-1, 29_999)]
    [InlineData(1, 29_999)]
    public void MatchStep_CodeWithinOneStepOfNow_ReturnsThatStep(int offset, int millisecondsIntoStep)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(CurrentStep * 30).AddMilliseconds(millisecondsIntoStep);

        var step = TotpAlgorithm.MatchStep(Secret, ReferenceCode(Secret, CurrentStep + offset), now, lastUsedStep: null);

        Assert.Equal(CurrentStep + offset, step);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    [InlineData(-3)]
    public void MatchStep_CodeTwoOrMoreStepsAway_Refused(int offset)
    {
        var code = ReferenceCode(Secret, CurrentStep + offset);

        Assert.Null(TotpAlgorithm.MatchStep(Secret, code, Now, lastUsedStep: null));
    }

    [Fact]
    public void MatchStep_CodeOfOtherSecret_Refused()
    {
        var other = TotpAlgorithm.NewSecret();

        Assert.Null(TotpAlgorithm.MatchStep(Secret, ReferenceCode(other, CurrentStep), Now, lastUsedStep: null));
    }

    [Fact]
    public void MatchStep_SameCodeAgainAfterItsStepWasStored_Refused_Rfc6238Replay()
    {
        var code = ReferenceCode(Secret, CurrentStep);
        var first = TotpAlgorithm.MatchStep(Secret, code, Now, lastUsedStep: null);

        var second = TotpAlgorithm.MatchStep(Secret, code, Now.AddSeconds(5), lastUsedStep: first);

        Assert.Equal(CurrentStep, first);
        Assert.Null(second);
    }

    [Fact]
    public void MatchStep_StepOlderThanLastUsed_Refused_Rfc6238Replay()
    {
        // Still inside the drift window, but a later code was already accepted.
        var code = ReferenceCode(Secret, CurrentStep - 1);

        Assert.Null(TotpAlgorithm.MatchStep(Secret, code, Now, lastUsedStep: CurrentStep));
    }

    [Fact]
    public void MatchStep_NextStepAfterLastUsed_Accepted()
    {
        var code = ReferenceCode(Secret, CurrentStep + 1);

        Assert.Equal(CurrentStep + 1, TotpAlgorithm.MatchStep(Secret, code, Now, lastUsedStep: CurrentStep));
    }

    [Fact]
    public void MatchStep_NewCodeAfterClockMovesOneStep_Accepted()
    {
        var later = Now.AddSeconds(30);

        var step = TotpAlgorithm.MatchStep(Secret, ReferenceCode(Secret, CurrentStep + 1), later, lastUsedStep: CurrentStep);

        Assert.Equal(CurrentStep + 1, step);
    }

    [Theory]
    [InlineData("{0} {1}")]
    [InlineData(" {0}{1} ")]
    [InlineData("{0}\u00a0{1}")]
    [InlineData("{0}\t{1}\n")]
    public void MatchStep_CodeTypedWithSpaces_Accepted(string layout)
    {
        var code = ReferenceCode(Secret, CurrentStep);
        var typed = string.Format(CultureInfo.InvariantCulture, layout, code[..3], code[3..]);

        Assert.Equal(CurrentStep, TotpAlgorithm.MatchStep(Secret, typed, Now, lastUsedStep: null));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("five digits")]
    [InlineData("seven digits")]
    [InlineData("letter")]
    [InlineData("dash")]
    [InlineData("arabic-indic digits")]
    [InlineData("fullwidth digits")]
    [InlineData("very long")]
    [InlineData("null")]
    public void MatchStep_MalformedCode_RefusedWithoutThrowing(string kind)
    {
        // Every variant is built from the right code, so a lax reader (first six digits, Unicode digits) would pass.
        var code = ReferenceCode(Secret, CurrentStep);
        string? typed = kind switch
        {
            "empty" => "",
            "five digits" => code[..5],
            "seven digits" => code + "0",
            "letter" => code[..5] + "O",
            "dash" => code[..3] + "-" + code[3..],
            "arabic-indic digits" => string.Concat(code.Select(c => (char)('\u0660' + (c - '0')))),
            "fullwidth digits" => string.Concat(code.Select(c => (char)('\uFF10' + (c - '0')))),
            "very long" => new string(' ', 100) + code,
            "null" => null,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        Assert.Null(TotpAlgorithm.MatchStep(Secret, typed, Now, lastUsedStep: null));
    }

    [Fact]
    public void NewSecret_Called_Returns20RandomBytes()
    {
        var first = TotpAlgorithm.NewSecret();
        var second = TotpAlgorithm.NewSecret();

        Assert.Equal(20, first.Length);
        Assert.Equal(20, second.Length);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("f", "MY")]
    [InlineData("foobar", "MZXW6YTBOI")]
    [InlineData("12345678901234567890", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")]
    public void ToBase32_Rfc4648Vector_UpperCaseWithoutPadding(string ascii, string expected)
    {
        Assert.Equal(expected, TotpAlgorithm.ToBase32(Encoding.ASCII.GetBytes(ascii)));
    }

    [Fact]
    public void OtpAuthUri_PolishIssuerAndEmail_ParsesBackToSameValues()
    {
        var secret = TotpAlgorithm.NewSecret();
        const string issuer = "Dziennik Łódź";
        const string account = "zażółć.gęślą@jaźń.example.pl";

        var text = TotpAlgorithm.OtpAuthUri(secret, issuer, account);

        var uri = new Uri(text);
        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Equal($"{issuer}:{account}", Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')));
        var query = HttpUtility.ParseQueryString(uri.Query);
        Assert.Equal(secret, Base32Encoding.ToBytes(query["secret"]));
        Assert.Equal(issuer, query["issuer"]);
        Assert.Equal("SHA1", query["algorithm"]);
        Assert.Equal("6", query["digits"]);
        Assert.Equal("30", query["period"]);
    }

    [Fact]
    public void OtpAuthUri_ReservedAndNonAsciiCharacters_PercentEncoded()
    {
        var text = TotpAlgorithm.OtpAuthUri(RfcSecret, "Dziennik Łódź", "ola+1@example.pl");

        Assert.Equal(
            "otpauth://totp/Dziennik%20%C5%81%C3%B3d%C5%BA:ola%2B1%40example.pl"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Dziennik%20%C5%81%C3%B3d%C5%BA"
            + "&algorithm=SHA1&digits=6&period=30",
            text);
    }

    [Theory]
    [InlineData("Dziennik:Wulkanowo", "ola@example.pl", "issuer")]
    [InlineData("Dziennik", "ola:nowak@example.pl", "accountName")]
    [InlineData(" ", "ola@example.pl", "issuer")]
    [InlineData("Dziennik", "", "accountName")]
    public void OtpAuthUri_ColonOrBlankInLabel_ThrowsArgumentException(string issuer, string account, string parameter)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(() => TotpAlgorithm.OtpAuthUri(Secret, issuer, account));

        Assert.Equal(parameter, exception.ParamName);
    }

    // RFC 4226 §5.3 written out independently of Otp.NET, so the tests do not check the library against itself.
    private static string ReferenceCode(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(secret, counter);
        var offset = hash[^1] & 0x0f;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7fffffff;
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }
}
