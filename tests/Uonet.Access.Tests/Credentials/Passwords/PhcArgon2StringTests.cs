using System.Text;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Tests.Credentials.Passwords;

public sealed class PhcArgon2StringTests
{
    /// <summary>A valid string (reference CLI, see <see cref="Argon2idReferenceTests"/>) that every malformed one below is a damaged copy of.</summary>
    public const string Valid = "$argon2id$v=19$m=128,t=1,p=1$c2FsdHNhbHRzYWx0MTIzNA$oh5ObQ/KXCx7vJsbvlieYA";

    /// <summary>The password of <see cref="Valid"/>, so that a refusal can only come from the damage.</summary>
    public const string ValidPassword = "Hasło dla rodzica 4A";

    private const string Salt = "c2FsdHNhbHRzYWx0MTIzNA";
    private const string Hash = "oh5ObQ/KXCx7vJsbvlieYA";

    public static TheoryData<string, string> Malformed => new()
    {
        { "empty", "" },
        { "plain text", "Hasło dla rodzica 4A" },
        { "Argon2i", $"$argon2i$v=19$m=128,t=1,p=1${Salt}${Hash}" },
        { "Argon2d", $"$argon2d$v=19$m=128,t=1,p=1${Salt}${Hash}" },
        { "upper-case algorithm", $"$ARGON2ID$v=19$m=128,t=1,p=1${Salt}${Hash}" },
        { "version 1.0", $"$argon2id$v=16$m=128,t=1,p=1${Salt}${Hash}" },
        { "no version (the reference reads it as 1.0)", $"$argon2id$m=128,t=1,p=1${Salt}${Hash}" },
        { "missing m", $"$argon2id$v=19$t=1,p=1${Salt}${Hash}" },
        { "missing t", $"$argon2id$v=19$m=128,p=1${Salt}${Hash}" },
        { "missing p", $"$argon2id$v=19$m=128,t=1${Salt}${Hash}" },
        { "duplicate m", $"$argon2id$v=19$m=128,m=128,t=1,p=1${Salt}${Hash}" },
        { "duplicate p", $"$argon2id$v=19$m=128,t=1,p=1,p=1${Salt}${Hash}" },
        { "parameters out of order", $"$argon2id$v=19$t=1,m=128,p=1${Salt}${Hash}" },
        { "extra parameter", $"$argon2id$v=19$m=128,t=1,p=1,keyid=abc${Salt}${Hash}" },
        { "m = 0", $"$argon2id$v=19$m=0,t=1,p=1${Salt}${Hash}" },
        { "t = 0", $"$argon2id$v=19$m=128,t=0,p=1${Salt}${Hash}" },
        { "p = 0", $"$argon2id$v=19$m=128,t=1,p=0${Salt}${Hash}" },
        { "m < 8·p", $"$argon2id$v=19$m=31,t=1,p=4${Salt}${Hash}" },
        { "m > 4 GiB", $"$argon2id$v=19$m=4194305,t=1,p=1${Salt}${Hash}" },
        { "m beyond int", $"$argon2id$v=19$m=99999999999,t=1,p=1${Salt}${Hash}" },
        { "t above the limit", $"$argon2id$v=19$m=128,t=1025,p=1${Salt}${Hash}" },
        { "p above the limit", $"$argon2id$v=19$m=4096,t=1,p=256${Salt}${Hash}" },
        { "negative m", $"$argon2id$v=19$m=-128,t=1,p=1${Salt}${Hash}" },
        { "plus sign", $"$argon2id$v=19$m=+128,t=1,p=1${Salt}${Hash}" },
        { "leading zero", $"$argon2id$v=19$m=0128,t=1,p=1${Salt}${Hash}" },
        { "space in a number", $"$argon2id$v=19$m= 128,t=1,p=1${Salt}${Hash}" },
        { "non-ASCII digit", $"$argon2id$v=19$m=١٢٨,t=1,p=1${Salt}${Hash}" },
        { "salt with a character outside base64", $"$argon2id$v=19$m=128,t=1,p=1$c2Fsd*NhbHRzYWx0MTIzNA${Hash}" },
        { "salt with padding", $"$argon2id$v=19$m=128,t=1,p=1${Salt}==${Hash}" },
        { "hash in base64url", $"$argon2id$v=19$m=128,t=1,p=1${Salt}$oh5ObQ_KXCx7vJsbvlieYA" },
        { "salt of impossible length", $"$argon2id$v=19$m=128,t=1,p=1$c2FsdHNhbHRzYWx0MTIzN${Hash}" },
        { "hash with non-zero unused bits", $"$argon2id$v=19$m=128,t=1,p=1${Salt}$oh5ObQ/KXCx7vJsbvlieYB" },
        { "salt of 5 bytes", $"$argon2id$v=19$m=128,t=1,p=1$c2hvcnQ${Hash}" },
        { "hash of 3 bytes", $"$argon2id$v=19$m=128,t=1,p=1${Salt}$oh5O" },
        { "empty hash", $"$argon2id$v=19$m=128,t=1,p=1${Salt}$" },
        { "no hash", $"$argon2id$v=19$m=128,t=1,p=1${Salt}" },
        { "extra field", $"$argon2id$v=19$m=128,t=1,p=1${Salt}${Hash}$AAAA" },
        { "trailing newline", $"$argon2id$v=19$m=128,t=1,p=1${Salt}${Hash}\n" },
        { "leading space", $" $argon2id$v=19$m=128,t=1,p=1${Salt}${Hash}" },
        { "huge", $"$argon2id$v=19$m=128,t=1,p=1${Salt}${new string('A', 100_000)}" },
    };

    [Fact]
    public void TryParse_ReferenceString_ReadsEveryFieldAndWritesItBackUnchanged()
    {
        const string encoded = "$argon2id$v=19$m=100,t=2,p=4$MDEyMzQ1Njc4OWFiY2RlZg$Av03DcG0p3BjVs603YfaD7z+px7DQQy20FsLOgj7Z44";

        var parsed = PhcArgon2String.TryParse(encoded, out var phc);

        Assert.True(parsed);
        Assert.Equal(new Argon2Parameters(100, 2, 4), phc!.Parameters);
        Assert.Equal("0123456789abcdef", Encoding.ASCII.GetString(phc.Salt));
        Assert.Equal("02fd370dc1b4a7706356ceb4dd87da0fbcfea71ec3410cb6d05b0b3a08fb678e", Convert.ToHexStringLower(phc.Hash));
        Assert.Equal(encoded, phc.ToString());
    }

    [Fact]
    public void TryParse_Valid_Accepted()
    {
        Assert.True(PhcArgon2String.TryParse(Valid, out var phc));
        Assert.Equal(new Argon2Parameters(128, 1, 1), phc.Parameters);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_Malformed_Refused(string damage, string encoded)
    {
        var parsed = PhcArgon2String.TryParse(encoded, out var phc);

        Assert.False(parsed, damage);
        Assert.Null(phc);
    }

    [Fact]
    public void TryParse_Null_Refused()
    {
        Assert.False(PhcArgon2String.TryParse(null, out _));
    }

    [Theory]
    [InlineData(8, 1, 1, 8, 4)]
    [InlineData(4 * 1024 * 1024, 1024, 1, 1024, 1024)]
    [InlineData(2040, 1, 255, 16, 32)]
    public void TryParse_AtTheLimits_RoundTrips(int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength)
    {
        var written = new PhcArgon2String(new Argon2Parameters(memoryKiB, iterations, parallelism), new byte[saltLength], new byte[hashLength]).ToString();

        Assert.True(PhcArgon2String.TryParse(written, out var phc));
        Assert.Equal(new Argon2Parameters(memoryKiB, iterations, parallelism), phc.Parameters);
        Assert.Equal(saltLength, phc.Salt.Length);
        Assert.Equal(hashLength, phc.Hash.Length);
    }

    [Fact]
    public void Constructor_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhcArgon2String(new Argon2Parameters(64, 1, 1), new byte[7], new byte[32]));
    }
}
