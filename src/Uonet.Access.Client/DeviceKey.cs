using System.Security.Cryptography;
using Uonet.Access.Devices;

namespace Uonet.Access.Client;

/// <summary>
/// The device's own key pair: ECDSA P-256 (what <see cref="Create"/> makes) or RSA of 2048–8192 bits. Its public
/// half goes to the server at registration as DER SubjectPublicKeyInfo; its private half never leaves the device and
/// signs every request (<see cref="DeviceSigningHandler"/>). Keep it in the platform's key store or as PKCS#8 in
/// protected storage. Thread-safe for signing; dispose it when done.
/// </summary>
public sealed class DeviceKey : IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    // The platform's key objects do not promise concurrent use; an app signs a few requests at a time.
    private readonly Lock _signing = new();

    /// <summary>Uses an ECDSA key the app already holds (e.g. from the platform's key store); the device key takes it over and disposes it.</summary>
    /// <param name="key">A key pair on P-256 (a private key: it signs).</param>
    /// <exception cref="ArgumentException">The key is on another curve.</exception>
    public DeviceKey(ECDsa key)
        : this(Checked(key))
    {
    }

    /// <summary>Uses an RSA key the app already holds; the device key takes it over and disposes it.</summary>
    /// <param name="key">An RSA key pair of 2048–8192 bits.</param>
    /// <exception cref="ArgumentException">The key is shorter than 2048 or longer than 8192 bits.</exception>
    public DeviceKey(RSA key)
        : this(Checked(key))
    {
    }

    private DeviceKey(AsymmetricAlgorithm key) => _key = key;

    /// <summary>The RFC 9421 algorithm the key signs with: <c>ecdsa-p256-sha256</c> or <c>rsa-pss-sha512</c>.</summary>
    public string Algorithm => _key is ECDsa ? RequestSigning.EcdsaP256Sha256 : RequestSigning.RsaPssSha512;

    /// <summary>Creates a new ECDSA P-256 key pair, the key the server prefers.</summary>
    public static DeviceKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a key saved with <see cref="ExportPkcs8"/>: DER PKCS#8 PrivateKeyInfo of ECDSA P-256 or RSA 2048–8192.</summary>
    /// <param name="pkcs8">The DER bytes, nothing after them.</param>
    /// <exception cref="ArgumentException">The bytes are not such a key (garbage, trailing bytes, another curve or size, encrypted).</exception>
    public static DeviceKey ImportPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        foreach (var candidate in new Func<AsymmetricAlgorithm>[] { ECDsa.Create, RSA.Create })
        {
            var key = candidate();
            try
            {
                key.ImportPkcs8PrivateKey(pkcs8, out var read);
                if (read == pkcs8.Length)
                {
                    return new DeviceKey(Checked(key, nameof(pkcs8)));
                }
            }
            catch (CryptographicException)
            {
                // Not a key of this kind: the next kind is tried.
            }
            catch (ArgumentException)
            {
                key.Dispose();
                throw;
            }

            key.Dispose();
        }

        throw new ArgumentException("The bytes are not an unencrypted PKCS#8 ECDSA P-256 or RSA private key.", nameof(pkcs8));
    }

    /// <summary>Reads a key saved with <see cref="ExportPkcs8Pem"/>: the PEM block <c>PRIVATE KEY</c> (text around it is ignored, RFC 7468).</summary>
    /// <param name="pem">The PEM text.</param>
    /// <exception cref="ArgumentException">The text holds no such block, or its key is not ECDSA P-256 or RSA 2048–8192.</exception>
    public static DeviceKey ImportPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields) || !pem.AsSpan()[fields.Label].SequenceEqual("PRIVATE KEY"))
        {
            throw new ArgumentException("The text holds no PEM block labelled PRIVATE KEY.", nameof(pem));
        }

        var der = new byte[fields.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out var written))
        {
            throw new ArgumentException("The PEM block is not base64.", nameof(pem));
        }

        try
        {
            return ImportPkcs8(der.AsSpan(0, written));
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException(exception.Message, nameof(pem), exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>The private key as DER PKCS#8 PrivateKeyInfo, unencrypted: store it only where the platform protects it.</summary>
    public byte[] ExportPkcs8() => _key.ExportPkcs8PrivateKey();

    /// <summary>The private key as PEM (<c>-----BEGIN PRIVATE KEY-----</c>), unencrypted: store it only where the platform protects it.</summary>
    public string ExportPkcs8Pem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The public key as DER SubjectPublicKeyInfo: what registration sends (base64 in <c>publicKey</c>).</summary>
    public byte[] ExportSubjectPublicKeyInfo() => _key.ExportSubjectPublicKeyInfo();

    /// <summary>Releases the key.</summary>
    public void Dispose() => _key.Dispose();

    /// <summary>The header fields of one signed request, computed by the code the server verifies with.</summary>
    internal SignatureFields Sign(string method, Uri targetUri, ReadOnlySpan<byte> body, Guid deviceId, DateTimeOffset created)
    {
        lock (_signing)
        {
            return RequestSigning.Sign(method, targetUri, body, deviceId, _key, created);
        }
    }

    private static AsymmetricAlgorithm Checked(AsymmetricAlgorithm key, string parameter = "key")
    {
        ArgumentNullException.ThrowIfNull(key, parameter);
        var usable = key switch
        {
            ECDsa ecdsa => RequestSigning.IsP256(ecdsa),
            RSA rsa => rsa.KeySize is >= RequestSigning.MinRsaBits and <= RequestSigning.MaxRsaBits,
            _ => false,
        };
        if (!usable)
        {
            throw new ArgumentException($"A device key is ECDSA P-256 or RSA of {RequestSigning.MinRsaBits}–{RequestSigning.MaxRsaBits} bits.", parameter);
        }

        return key;
    }
}
