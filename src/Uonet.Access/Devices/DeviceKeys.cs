using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Uonet.Access.Devices;

/// <summary>Decides whether a device's public key is one the signed requests may rest on.</summary>
internal static class DeviceKeys
{
    /// <summary>The smallest RSA modulus accepted, in bits.</summary>
    public const int MinRsaBits = RequestSigning.MinRsaBits;

    /// <summary>The largest RSA modulus accepted, in bits (the cost of verifying each request stays bounded).</summary>
    public const int MaxRsaBits = RequestSigning.MaxRsaBits;

    // A SubjectPublicKeyInfo of the largest RSA key accepted is about 1,060 bytes.
    private const int MaxKeyBytes = 2048;

    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string NistP256Oid = "1.2.840.10045.3.1.7";
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    /// <summary>
    /// Reads a DER SubjectPublicKeyInfo and answers its kind with its canonical DER encoding, or <see langword="null"/>
    /// for anything else: ECDSA on another curve (P-384…) or with explicit curve parameters, Ed25519, RSA outside
    /// 2048–8192 bits or with a public exponent outside 2^16 &lt; e &lt; 2^256 (FIPS 186-5), trailing bytes, garbage.
    /// Never throws.
    /// </summary>
    public static (DeviceKeyAlgorithm Algorithm, byte[] Canonical)? Classify(byte[]? subjectPublicKeyInfo)
    {
        if (subjectPublicKeyInfo is null || subjectPublicKeyInfo.Length is 0 or > MaxKeyBytes)
        {
            return null;
        }

        try
        {
            // The algorithm is read before any import: the platform's importers throw exceptions other than
            // CryptographicException for curves they do not know (PlatformNotSupportedException on Linux).
            return ReadAlgorithm(subjectPublicKeyInfo) switch
            {
                (EcPublicKeyOid, NistP256Oid) => EcdsaP256(subjectPublicKeyInfo),
                (RsaEncryptionOid, null) => Rsa(subjectPublicKeyInfo),
                _ => null,
            };
        }
        catch (Exception exception) when (exception is CryptographicException or AsnContentException)
        {
            return null;
        }
    }

    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { OID, parameters ANY OPTIONAL }, subjectPublicKey BIT STRING }:
    // the algorithm's OID, and the parameters' OID when they are one (an EC named curve).
    private static (string Algorithm, string? Parameter) ReadAlgorithm(byte[] spki)
    {
        var outer = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
        var algorithm = outer.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        var parameter = algorithm.HasData && algorithm.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) ? algorithm.ReadObjectIdentifier() : null;
        return (oid, parameter);
    }

    private static (DeviceKeyAlgorithm, byte[])? EcdsaP256(byte[] spki)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(spki, out var read);
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        return read == spki.Length && curve.IsNamed && IsNistP256(curve.Oid)
            ? (DeviceKeyAlgorithm.EcdsaP256, key.ExportSubjectPublicKeyInfo())
            : null;
    }

    private static (DeviceKeyAlgorithm, byte[])? Rsa(byte[] spki)
    {
        using var key = RSA.Create();
        key.ImportSubjectPublicKeyInfo(spki, out var read);
        return read == spki.Length && key.KeySize is >= MinRsaBits and <= MaxRsaBits && IsAcceptableExponent(key.ExportParameters(includePrivateParameters: false).Exponent)
            ? (DeviceKeyAlgorithm.Rsa, key.ExportSubjectPublicKeyInfo())
            : null;
    }

    private static bool IsNistP256(Oid oid) =>
        oid.Value == NistP256Oid || (oid.Value is null && oid.FriendlyName is "nistP256" or "ECDSA_P256");

    // Big-endian. Three significant bytes start at 2^16, which is even, so "odd with 3 to 32 bytes" is 2^16 < e < 2^256.
    private static bool IsAcceptableExponent(byte[]? exponent)
    {
        if (exponent is null)
        {
            return false;
        }

        var significant = exponent.AsSpan().TrimStart((byte)0);
        return significant.Length is >= 3 and <= 32 && (significant[^1] & 1) == 1;
    }
}
