using System.Formats.Asn1;
using System.Security.Cryptography;
using Uonet.Access.Devices;

namespace Uonet.Access.Tests.Devices.Pairing;

public sealed class DeviceKeyTests
{
    // RFC 8410 §10.1: an Ed25519 SubjectPublicKeyInfo.
    private static readonly byte[] Ed25519 = Convert.FromHexString("302a300506032b657003210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1");

    // RFC 8410 §10.1's key with the X25519 algorithm id instead.
    private static readonly byte[] X25519 = Convert.FromHexString("302a300506032b656e03210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1");

    public static TheoryData<string, byte[]?> RefusedKeys()
    {
        var p256 = PairingSupport.P256Key();
        return new TheoryData<string, byte[]?>
        {
            { "null", null },
            { "empty", [] },
            { "garbage", Garbage(91) },
            { "Ed25519", Ed25519 },
            { "X25519", X25519 },
            { "ECDSA P-384", EcKey(ECCurve.NamedCurves.nistP384) },
            { "ECDSA P-521", EcKey(ECCurve.NamedCurves.nistP521) },
            { "ECDSA brainpoolP256r1", EcKey(ECCurve.NamedCurves.brainpoolP256r1) },
            { "EC key on a curve the platform does not know", UnknownCurve() },
            { "ECDSA P-256 with explicit curve parameters", ExplicitP256() },
            { "ECDSA P-256, point off the curve", OffCurve(p256) },
            { "ECDSA P-256 with a trailing byte", [.. p256, 0] },
            { "ECDSA P-256 truncated", p256[..^1] },
            { "RSA 1024", RsaKey(1024) },
            { "RSA 2040", RandomRsa(2040, [1, 0, 1]) },
            { "RSA 2048 with e = 3", RandomRsa(2048, [3]) },
            { "RSA 2048 with e = 65536 (even)", RandomRsa(2048, [1, 0, 0]) },
            { "RSA 9216", RandomRsa(9216, [1, 0, 1]) },
            { "RSA SPKI of 2 KiB and more", [.. RandomRsa(2048, [1, 0, 1]), .. new byte[2048]] },
        };
    }

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public void Classify_KeyOutsideTheAcceptedKinds_Null(string because, byte[]? key)
    {
        Assert.True(DeviceKeys.Classify(key) is null, because);
    }

    [Fact]
    public void Classify_EcdsaP256_AcceptedAsIs()
    {
        var key = PairingSupport.P256Key();

        var classified = DeviceKeys.Classify(key);

        Assert.NotNull(classified);
        Assert.Equal(DeviceKeyAlgorithm.EcdsaP256, classified.Value.Algorithm);
        Assert.Equal(key, classified.Value.Canonical);
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    [InlineData(4096)]
    public void Classify_Rsa2048AndMore_Accepted(int bits)
    {
        var key = RsaKey(bits);

        var classified = DeviceKeys.Classify(key);

        Assert.NotNull(classified);
        Assert.Equal(DeviceKeyAlgorithm.Rsa, classified.Value.Algorithm);
        Assert.Equal(key, classified.Value.Canonical);
    }

    [Theory]
    [InlineData(2048, new byte[] { 1, 0, 1 })]
    [InlineData(8192, new byte[] { 1, 0, 0, 0, 1 })]
    public void Classify_HandWrittenRsaOfAcceptedShape_Accepted(int bits, byte[] exponent)
    {
        // The control for the hand-written refusals above: the same writer with an accepted size and exponent passes.
        Assert.Equal(DeviceKeyAlgorithm.Rsa, DeviceKeys.Classify(RandomRsa(bits, exponent))?.Algorithm);
    }

    [Fact]
    public void Classify_MutatedKeys_NeverThrows()
    {
        var random = new Random(20260901);
        var originals = new[] { PairingSupport.P256Key(), RsaKey(2048) };
        for (var i = 0; i < 3000; i++)
        {
            var key = (byte[])originals[i % 2].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                key[random.Next(key.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(4) == 0 ? random.Next(key.Length) : key.Length;

            _ = DeviceKeys.Classify(key[..length]);
        }
    }

    [Fact]
    public void Classify_RandomBytes_NeverThrowsNeverAccepts()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(1, 600)];
            random.NextBytes(bytes);

            Assert.Null(DeviceKeys.Classify(bytes));
        }
    }

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(91).NextBytes(bytes);
        return bytes;
    }

    private static byte[] EcKey(ECCurve curve)
    {
        using var key = ECDsa.Create(curve);
        return key.ExportSubjectPublicKeyInfo();
    }

    private static byte[] RsaKey(int bits)
    {
        using var key = RSA.Create(bits);
        return key.ExportSubjectPublicKeyInfo();
    }

    // A public key needs only a modulus of the right length, written here as DER without the platform (which refuses
    // some of these shapes itself), so no primes are generated for refusals of shape.
    private static byte[] RandomRsa(int bits, byte[] exponent)
    {
        var modulus = new byte[bits / 8];
        new Random(bits).NextBytes(modulus);
        modulus[0] |= 0x80;
        modulus[^1] |= 1;
        var rsaPublicKey = new AsnWriter(AsnEncodingRules.DER);
        using (rsaPublicKey.PushSequence())
        {
            rsaPublicKey.WriteIntegerUnsigned(modulus);
            rsaPublicKey.WriteIntegerUnsigned(exponent);
        }

        return Spki("1.2.840.113549.1.1.1", parameters: null, rsaPublicKey.Encode());
    }

    private static byte[] UnknownCurve()
    {
        var point = PairingSupport.P256Key()[^65..];
        return Spki("1.2.840.10045.2.1", "1.2.840.98.61.3.1543", point);
    }

    private static byte[] Spki(string algorithm, string? parameters, byte[] key)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(algorithm);
                if (parameters is null)
                {
                    writer.WriteNull();
                }
                else
                {
                    writer.WriteObjectIdentifier(parameters);
                }
            }

            writer.WriteBitString(key);
        }

        return writer.Encode();
    }

    private static byte[] ExplicitP256()
    {
        using var source = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create();
        key.ImportParameters(source.ExportExplicitParameters(includePrivateParameters: false));
        return key.ExportSubjectPublicKeyInfo();
    }

    // The uncompressed point is the last 64 bytes of a P-256 SPKI; changing Y's last byte leaves the curve.
    private static byte[] OffCurve(byte[] spki)
    {
        var key = (byte[])spki.Clone();
        key[^1] ^= 0x01;
        return key;
    }
}
