using System.Text;
using Konscious.Security.Cryptography;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Tests.Credentials.Passwords;

/// <summary>The engine is standard Argon2id v1.3, and our PHC strings are the reference implementation's, both ways.</summary>
public sealed class Argon2idReferenceTests
{
    // Written by the reference implementation's CLI (Debian package argon2 0~20171227-0.3+deb12u1) in a UTF-8 shell with
    // the command above each; the tests never run the CLI.

    // echo -n "password" | argon2 somesalt -id -t 2 -m 10 -p 1 -l 32 -e
    // (with -m 16, i.e. 64 MiB, the CLI writes ...$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc,
    // which passes the same tests but costs seconds under Konscious on a busy build machine)
    private const string Cli1 = "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";

    // echo -n "zażółćgęśląjaźń" | argon2 "sól-szkolna" -id -t 3 -m 6 -p 2 -l 24 -e
    private const string Cli2 = "$argon2id$v=19$m=64,t=3,p=2$c8OzbC1zemtvbG5h$aty+OsF2TJQ0n2Hi6lv4FFRfxmYqmcOl";

    // echo -n "Hasło dla rodzica 4A" | argon2 "saltsaltsalt1234" -id -t 1 -m 7 -p 1 -l 16 -e
    private const string Cli3 = PhcArgon2StringTests.Valid;

    // echo -n "P@ssw0rd!" | argon2 "0123456789abcdef" -id -t 2 -k 100 -p 4 -l 32 -e
    // m is not a multiple of 4·p: both sides must round the lanes down the same way.
    private const string Cli4 = "$argon2id$v=19$m=100,t=2,p=4$MDEyMzQ1Njc4OWFiY2RlZg$Av03DcG0p3BjVs603YfaD7z+px7DQQy20FsLOgj7Z44";

    /// <summary>Password, the salt given to the CLI, the CLI's string.</summary>
    public static TheoryData<string, string, string> ReferenceHashes => new()
    {
        { "password", "somesalt", Cli1 },
        { "zażółćgęśląjaźń", "sól-szkolna", Cli2 },
        { PhcArgon2StringTests.ValidPassword, "saltsaltsalt1234", Cli3 },
        { "P@ssw0rd!", "0123456789abcdef", Cli4 },
    };

    /// <summary>Near misses: case, Polish letters folded to ASCII (a lossy encoding would let them in), one character short.</summary>
    public static TheoryData<string, string> WrongPasswords => new()
    {
        { "Password", Cli1 },
        { "zazolcgeslajazn", Cli2 },
        { "Haslo dla rodzica 4A", Cli3 },
        { "P@ssw0rd", Cli4 },
    };

    [Fact]
    public async Task Konscious_Rfc9106Section5_3Vector_ProducesTheStandardTag()
    {
        // RFC 9106 §5.3: Argon2id v=19 with secret and associated data, which the PHC format cannot carry.
        using var argon2 = new Argon2id(Enumerable.Repeat((byte)0x01, 32).ToArray())
        {
            Salt = Enumerable.Repeat((byte)0x02, 16).ToArray(),
            KnownSecret = Enumerable.Repeat((byte)0x03, 8).ToArray(),
            AssociatedData = Enumerable.Repeat((byte)0x04, 12).ToArray(),
            MemorySize = 32,
            Iterations = 3,
            DegreeOfParallelism = 4,
        };

        var tag = await argon2.GetBytesAsync(32);

        Assert.Equal("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", Convert.ToHexStringLower(tag));
    }

    [Theory]
    [MemberData(nameof(ReferenceHashes))]
    public async Task VerifyAsync_ReferenceHashRightPassword_Succeeds(string password, string salt, string encoded)
    {
        var hasher = PasswordHashers.Create();

        var result = await hasher.VerifyAsync(password, encoded, CancellationToken.None);

        // The stored parameters differ from this hasher's (m=64, t=1), so a match asks for a rehash.
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, result);
        Assert.True(PhcArgon2String.TryParse(encoded, out var reference));
        Assert.Equal(Encoding.UTF8.GetBytes(salt), reference.Salt);
    }

    [Theory]
    [MemberData(nameof(WrongPasswords))]
    public async Task VerifyAsync_ReferenceHashWrongPassword_Fails(string wrongPassword, string encoded)
    {
        var hasher = PasswordHashers.Create();

        var result = await hasher.VerifyAsync(wrongPassword, encoded, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.Failed, result);
    }

    [Theory]
    [MemberData(nameof(ReferenceHashes))]
    public async Task HashAsync_ReferenceSaltAndParameters_WritesTheReferenceString(string password, string salt, string encoded)
    {
        Assert.True(PhcArgon2String.TryParse(encoded, out var reference));
        var hasher = PasswordHashers.Create(
            memoryKiB: reference.Parameters.MemoryKiB,
            iterations: reference.Parameters.Iterations,
            parallelism: reference.Parameters.Parallelism,
            hashLength: reference.Hash.Length);

        var ours = await hasher.HashAsync(password, Encoding.UTF8.GetBytes(salt), CancellationToken.None);

        Assert.Equal(encoded, ours);
    }
}
