using System.Numerics;
using System.Security.Cryptography;

namespace Uonet.Access.Devices;

/// <summary>The RFC 9421 algorithms of device keys: <c>ecdsa-p256-sha256</c> (§3.3.4) and <c>rsa-pss-sha512</c> (§3.3.1).</summary>
internal static class SignatureAlgorithms
{
    public const string EcdsaP256Sha256 = RequestSigning.EcdsaP256Sha256;
    public const string RsaPssSha512 = RequestSigning.RsaPssSha512;

    private const int EcdsaSignatureLength = 64;

    // The order n of P-256 (FIPS 186-4 D.1.2.3).
    private static readonly BigInteger P256Order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The RFC 9421 name of the algorithm a device key uses.</summary>
    public static string NameOf(DeviceKeyAlgorithm algorithm) => algorithm == DeviceKeyAlgorithm.Rsa ? RsaPssSha512 : EcdsaP256Sha256;

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="data"/> with a SubjectPublicKeyInfo of the given kind,
    /// imported for this call only. False for a key that does not import, is of another kind, or is too weak; never
    /// throws for bad input.
    /// </summary>
    public static bool Verify(DeviceKeyAlgorithm algorithm, byte[] publicKey, byte[] data, byte[] signature)
    {
        using var key = Import(algorithm, publicKey);
        return key is not null && Verify(key, data, signature);
    }

    /// <summary>
    /// Imports a SubjectPublicKeyInfo of the given kind for verifying, or answers <see langword="null"/> when it does not
    /// import exactly (trailing bytes), is of another kind, on another curve, or too weak. Never throws for bad input.
    /// </summary>
    public static AsymmetricAlgorithm? Import(DeviceKeyAlgorithm algorithm, byte[] publicKey)
    {
        AsymmetricAlgorithm? key = algorithm switch
        {
            DeviceKeyAlgorithm.EcdsaP256 => ECDsa.Create(),
            DeviceKeyAlgorithm.Rsa => RSA.Create(),
            _ => null,
        };
        if (key is null)
        {
            return null;
        }

        bool usable;
        try
        {
            key.ImportSubjectPublicKeyInfo(publicKey, out var read);
            usable = read == publicKey.Length && (key is ECDsa ecdsa ? RequestSigning.IsP256(ecdsa) : key.KeySize >= RequestSigning.MinRsaBits);
        }
        catch (CryptographicException)
        {
            usable = false;
        }

        if (usable)
        {
            return key;
        }

        key.Dispose();
        return null;
    }

    /// <summary>
    /// Verifies with a key from <see cref="Import"/>: ECDSA P-256 with SHA-256 (IEEE P1363 r‖s), RSA-PSS with SHA-512.
    /// Not safe for concurrent calls on one key. Never throws for bad input.
    /// </summary>
    public static bool Verify(AsymmetricAlgorithm key, byte[] data, byte[] signature)
    {
        try
        {
            return key switch
            {
                ECDsa ecdsa => signature.Length == EcdsaSignatureLength
                    && ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                RSA rsa => signature.Length == rsa.KeySize / 8
                    && rsa.VerifyData(data, signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// The signature in a form that is the same for every encoding of it that verifies. ECDSA is malleable: (r, s) and
    /// (r, n − s) both verify, so a replay cache keyed on the raw bytes could be passed by flipping s. The low-s form
    /// closes that; RSA-PSS signatures have one encoding and are returned as they are.
    /// </summary>
    public static byte[] Canonical(DeviceKeyAlgorithm algorithm, byte[] signature)
    {
        if (algorithm != DeviceKeyAlgorithm.EcdsaP256 || signature.Length != EcdsaSignatureLength)
        {
            return signature;
        }

        var half = EcdsaSignatureLength / 2;
        var s = new BigInteger(signature.AsSpan(half), isUnsigned: true, isBigEndian: true);
        if (s.IsZero || s >= P256Order)
        {
            return signature;
        }

        var low = BigInteger.Min(s, P256Order - s);
        var canonical = (byte[])signature.Clone();
        canonical.AsSpan(half).Clear();
        var length = low.GetByteCount(isUnsigned: true);
        low.TryWriteBytes(canonical.AsSpan(EcdsaSignatureLength - length), out _, isUnsigned: true, isBigEndian: true);
        return canonical;
    }
}
