using System.Text;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Sodium.Tests;

/// <summary>
/// libsodium computes the reference implementation's tags, and the hasher reads the reference CLI's strings, including
/// those libsodium cannot compute.
/// </summary>
public sealed class ReferenceVectorTests
{
    // Written by the reference implementation's CLI (Debian package argon2 0~20171227-0.3+deb12u1) with the command
    // above each, salts of 16 ASCII bytes so that libsodium computes them itself; the tests never run the CLI.

    // echo -n "zażółćgęśląjaźń" | argon2 "sol-szkolna12345" -id -t 3 -k 1000 -p 1 -l 64 -e
    private const string Polish = "$argon2id$v=19$m=1000,t=3,p=1$c29sLXN6a29sbmExMjM0NQ$qsZf2n7H8Y4W9PaRXswfy7T3x0eFjVr2fvM6RqtthdNAK8IUfUd0pObWwXd17oBaO8y+JbCEdD8/EY8CSEjKBA";

    // echo -n "Hasło dla rodzica 4A" | argon2 "saltsaltsalt1234" -id -t 2 -m 14 -p 1 -l 32 -e
    private const string SixteenMebibytes = "$argon2id$v=19$m=16384,t=2,p=1$c2FsdHNhbHRzYWx0MTIzNA$dD/iQ4voj5qQFARAhpNdfNwjWXp7Icaq7KTyQ6P+T70";

    // echo -n "x" | argon2 "0123456789abcdef" -id -t 1 -k 8 -p 1 -l 16 -e
    private const string Minimums = "$argon2id$v=19$m=8,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$7v+1DOwWmsxTmV90qyi9DA";

    // echo -n "Kot Ali ma 2 lata" | argon2 "Q3xN8vLm2pR7tZ0w" -id -t 2 -k 19456 -p 1 -l 32 -e
    private const string Owasp = "$argon2id$v=19$m=19456,t=2,p=1$UTN4Tjh2TG0ycFI3dFowdw$usgJKF5qLF1X0+KQT+rE1NTpgE7xPr4zvZu0LLF9hLw";

    // echo -n "password" | argon2 somesalt -id -t 2 -m 10 -p 1 -l 32 -e  (an 8-byte salt)
    private const string ShortSalt = "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHQ$7FfsnA6vUe7qLpL/3Kqc3uR48ZJyFbUVt7jWZlf0Htk";

    // echo -n "P@ssw0rd!" | argon2 "0123456789abcdef" -id -t 2 -k 100 -p 4 -l 32 -e  (four lanes)
    private const string FourLanes = "$argon2id$v=19$m=100,t=2,p=4$MDEyMzQ1Njc4OWFiY2RlZg$Av03DcG0p3BjVs603YfaD7z+px7DQQy20FsLOgj7Z44";

    // echo -n "Hasło dla rodzica 4A" | argon2 "saltsaltsalt1234" -id -t 1 -m 7 -p 1 -l 12 -e  (a 12-byte tag)
    private const string ShortTag = "$argon2id$v=19$m=128,t=1,p=1$c2FsdHNhbHRzYWx0MTIzNA$0JNxFwaixJWoicvA";

    public static TheoryData<string, string, int, int> ComputedByLibsodium => new()
    {
        { "zażółćgęśląjaźń", Polish, 1000, 3 },
        { "Hasło dla rodzica 4A", SixteenMebibytes, 16384, 2 },
        { "x", Minimums, 8, 1 },
        { "Kot Ali ma 2 lata", Owasp, 19456, 2 },
    };

    public static TheoryData<string, string> OutsideLibsodium => new()
    {
        { "password", ShortSalt },
        { "P@ssw0rd!", FourLanes },
        { "Hasło dla rodzica 4A", ShortTag },
    };

    [Theory]
    [MemberData(nameof(ComputedByLibsodium))]
    public async Task ComputeAsync_ReferenceInputs_ReferenceTag(string password, string encoded, int memoryKiB, int iterations)
    {
        var (_, salt, tag) = Hashers.Parts(encoded);
        var parameters = new Argon2Parameters(memoryKiB, iterations, 1);
        Assert.True(SodiumArgon2id.Instance.Supports(parameters, salt.Length, tag.Length));

        var computed = await SodiumArgon2id.Instance.ComputeAsync(Encoding.UTF8.GetBytes(password), salt, parameters, tag.Length);

        Assert.Equal(tag, computed);
    }

    [Theory]
    [MemberData(nameof(ComputedByLibsodium))]
    public async Task VerifyAsync_ReferenceString_SucceedsOnLibsodium(string password, string encoded, int memoryKiB, int iterations)
    {
        var libsodium = new CountingSodium();
        var hasher = new SodiumArgon2idPasswordHasher(Microsoft.Extensions.Options.Options.Create(Hashers.Options(memoryKiB, iterations, hashLength: Hashers.Parts(encoded).Tag.Length)), libsodium);

        var right = await hasher.VerifyAsync(password, encoded, CancellationToken.None);
        var wrong = await hasher.VerifyAsync(password + " ", encoded, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.Success, right);
        Assert.Equal(PasswordVerificationResult.Failed, wrong);
        Assert.Equal(2, libsodium.Calls);
    }

    [Theory]
    [MemberData(nameof(OutsideLibsodium))]
    public async Task VerifyAsync_ReferenceStringLibsodiumCannotCompute_VerifiesOnTheDefaultAndAsksForARehash(string password, string encoded)
    {
        var libsodium = new CountingSodium();
        var hasher = new SodiumArgon2idPasswordHasher(Microsoft.Extensions.Options.Options.Create(Hashers.Options()), libsodium);

        var right = await hasher.VerifyAsync(password, encoded, CancellationToken.None);
        var wrong = await hasher.VerifyAsync(password.ToUpperInvariant(), encoded, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, right);
        Assert.Equal(PasswordVerificationResult.Failed, wrong);
        Assert.Equal(0, libsodium.Calls);
    }

    [Fact]
    public async Task ComputeAsync_TagUnderSixteenBytes_IsNotOfferedBecauseLibsodiumWouldNotComputeTheStandardTag()
    {
        // Argon2's output length goes into its first hash, so a 12-byte tag is not the prefix of a 16-byte one: a
        // binding that computed 16 bytes and cut them (NSec does) would refuse the right password.
        var (_, salt, tag) = Hashers.Parts(ShortTag);
        var sixteen = await SodiumArgon2id.Instance.ComputeAsync(Encoding.UTF8.GetBytes("Hasło dla rodzica 4A"), salt, new Argon2Parameters(128, 1, 1), 16);

        Assert.False(SodiumArgon2id.Instance.Supports(new Argon2Parameters(128, 1, 1), 16, 12));
        Assert.NotEqual(tag, sixteen[..12]);
    }
}
