using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using Uonet.Access.Devices;

namespace Uonet.Access.Properties.Tests.Devices;

/// <summary>
/// The public key a phone sends when it registers (R7): only ECDSA P-256 and RSA of 2048–8192 bits with an exponent
/// 2^16 &lt; e &lt; 2^256 are kept, in one canonical encoding; bytes of any other shape are refused without an exception.
/// </summary>
public sealed class DeviceKeyProperties
{
    /// <summary>Keys of every kind, each with what the classifier must answer.</summary>
    private static readonly (byte[] Spki, DeviceKeyAlgorithm? Expected)[] Keys = BuildKeys();

    private static readonly Gen<byte[]> NearValidKeys = Gen.Elements(Keys).SelectMany(key => Gen.Frequency(
        (1, Gen.Constant(key.Spki)),
        (6, Mutated(key.Spki)),
        (2, Mutated(key.Spki).SelectMany(Mutated))));

    private static readonly Gen<byte[]> AnyBytes = Gen.Frequency(
        (8, NearValidKeys),
        (2, Gen.Sized(size => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), size * 3))),
        (1, Gen.Constant(Array.Empty<byte>())),
        (1, Gen.Elements(2049, 70_000).Select(length => new byte[length])));

    [Property(MaxTest = Generated.Inputs)]
    public Property Classify_AnyBytes_NeverThrows_AndAcceptedKeyIsCanonical_R7() => Prop.ForAll(Arb.From(AnyBytes), bytes =>
    {
        var classified = DeviceKeys.Classify(bytes);

        if (classified is { } key)
        {
            var again = DeviceKeys.Classify(key.Canonical);
            Expect.That(again is { } same && same.Algorithm == key.Algorithm && same.Canonical.AsSpan().SequenceEqual(key.Canonical), () => Convert.ToHexString(bytes));
        }
    });

    // The kinds are few and fixed, so each is checked once; the mutations of them above are the generated inputs.
    [Fact]
    public void Classify_KeysOfEveryKind_KeepsExactlyP256AndStrongRsa_R7()
    {
        foreach (var (spki, expected) in Keys)
        {
            var classified = DeviceKeys.Classify(spki);

            Expect.That(classified?.Algorithm == expected, () => Convert.ToHexString(spki));
            Assert.True(classified is null || classified.Value.Canonical.AsSpan().SequenceEqual(spki));
        }
    }

    private static Gen<byte[]> Mutated(byte[] bytes) => bytes.Length == 0 ? Gen.Constant<byte[]>([0x30]) : Gen.Frequency(
        (4, Gen.Choose(0, bytes.Length - 1).SelectMany(at => Gen.Choose(1, 255).Select(xor => Changed(bytes, at, b => (byte)(b ^ xor))))),
        (2, Gen.Choose(0, Math.Min(bytes.Length - 1, 24)).SelectMany(at => Gen.Elements(0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0xFF).Select(value => Changed(bytes, at, _ => (byte)value)))),
        (1, Gen.Choose(0, bytes.Length - 1).Select(length => bytes[..length])),
        (1, Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).Select(tail => (byte[])[.. bytes, .. tail])),
        (1, Gen.Choose(0, bytes.Length - 1).Select(at => (byte[])[.. bytes[..at], .. bytes[(at + 1)..]])));

    private static byte[] Changed(byte[] bytes, int at, Func<byte, byte> change)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = change(copy[at]);
        return copy;
    }

    private static (byte[], DeviceKeyAlgorithm?)[] BuildKeys()
    {
        var keys = new List<(byte[], DeviceKeyAlgorithm?)>();
        for (var i = 0; i < 8; i++)
        {
            using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            keys.Add((p256.ExportSubjectPublicKeyInfo(), DeviceKeyAlgorithm.EcdsaP256));
        }

        using (var explicitP256 = ECDsa.Create())
        {
            using var named = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            explicitP256.ImportParameters(named.ExportExplicitParameters(includePrivateParameters: false));
            keys.Add((explicitP256.ExportSubjectPublicKeyInfo(), null));
        }

        foreach (var curve in new[] { ECCurve.NamedCurves.nistP384, ECCurve.NamedCurves.nistP521 })
        {
            using var other = ECDsa.Create(curve);
            keys.Add((other.ExportSubjectPublicKeyInfo(), null));
        }

        using var rsa = RSA.Create(2048);
        var modulus = rsa.ExportParameters(includePrivateParameters: false).Modulus!;
        keys.Add((rsa.ExportSubjectPublicKeyInfo(), DeviceKeyAlgorithm.Rsa));
        foreach (var (exponent, accepted) in new (BigInteger, bool)[]
        {
            (3, false), (65_535, false), (65_536, false), (65_537, true), (BigInteger.Pow(2, 255) + 1, true), (BigInteger.Pow(2, 256) + 1, false), (BigInteger.Pow(2, 100), false),
        })
        {
            keys.Add((RsaSpki(modulus, exponent), accepted ? DeviceKeyAlgorithm.Rsa : null));
        }

        using var weak = RSA.Create(1024);
        keys.Add((weak.ExportSubjectPublicKeyInfo(), null));
        // Ed25519 (RFC 8410): the OID 1.3.101.112 and 32 key bytes.
        keys.Add(([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00, .. RandomNumberGenerator.GetBytes(32)], null));
        return [.. keys];
    }

    // Written by hand, because the platform refuses to build keys with some of these exponents (OpenSSL: "bad e value").
    private static byte[] RsaSpki(byte[] modulus, BigInteger exponent)
    {
        var key = new AsnWriter(AsnEncodingRules.DER);
        using (key.PushSequence())
        {
            key.WriteInteger(new BigInteger(modulus, isUnsigned: true, isBigEndian: true));
            key.WriteInteger(exponent);
        }

        var spki = new AsnWriter(AsnEncodingRules.DER);
        using (spki.PushSequence())
        {
            using (spki.PushSequence())
            {
                spki.WriteObjectIdentifier("1.2.840.113549.1.1.1");
                spki.WriteNull();
            }

            spki.WriteBitString(key.Encode());
        }

        return spki.Encode();
    }
}
