using System.Globalization;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Properties.Tests.Credentials;

/// <summary>
/// The stored password hash is the only record of how to check a password; it may come from another platform or a
/// damaged backup. Reading never throws, and there is one spelling per hash: what is accepted is written back byte for byte.
/// </summary>
public sealed class PhcArgon2StringProperties
{
    private static readonly Gen<byte[]> Salts = Gen.Choose(PhcArgon2String.MinSaltLength, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    private static readonly Gen<byte[]> Tags = Gen.Choose(PhcArgon2String.MinHashLength, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    private static readonly Gen<(Argon2Parameters Parameters, byte[] Salt, byte[] Hash)> Hashes =
        from parallelism in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Choose(1, PhcArgon2String.MaxParallelism)))
        from memory in Gen.Frequency((2, Gen.Elements(19_456, 47_104, 65_536)), (1, Gen.Choose(8 * parallelism, PhcArgon2String.MaxMemoryKiB)))
        from iterations in Gen.Frequency((3, Gen.Choose(1, 5)), (1, Gen.Choose(1, PhcArgon2String.MaxIterations)))
        from salt in Salts
        from hash in Tags
        select (new Argon2Parameters(memory, iterations, parallelism), salt, hash);

    [Property(MaxTest = Generated.Inputs)]
    public Property TryParse_AnyText_NeverThrows_AndAcceptedIsWrittenBackByteForByte() => Prop.ForAll(
        NearValid.Inputs(Hashes.Select(h => new PhcArgon2String(h.Parameters, h.Salt, h.Hash).ToString())),
        encoded =>
        {
            if (PhcArgon2String.TryParse(encoded, out var parsed))
            {
                Expect.That(parsed.ToString() == encoded, () => $"{Shown.Text(encoded)} → {Shown.Text(parsed.ToString())}");
                Expect.That(PhcArgon2String.IsWithinLimits(parsed.Parameters, parsed.Salt.Length, parsed.Hash.Length), () => Shown.Text(encoded));
            }
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property ToString_AnyHashWithinLimits_ParsesBackToTheSameNumbersSaltAndTag() => Prop.ForAll(Arb.From(Hashes), hash =>
    {
        var encoded = new PhcArgon2String(hash.Parameters, hash.Salt, hash.Hash).ToString();

        Assert.True(PhcArgon2String.TryParse(encoded, out var parsed), encoded);
        Assert.True(parsed.Parameters == hash.Parameters && parsed.Salt.AsSpan().SequenceEqual(hash.Salt) && parsed.Hash.AsSpan().SequenceEqual(hash.Hash), encoded);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"$argon2id$v=19$m={hash.Parameters.MemoryKiB},t={hash.Parameters.Iterations},p={hash.Parameters.Parallelism}$"), encoded, StringComparison.Ordinal);
    });
}
