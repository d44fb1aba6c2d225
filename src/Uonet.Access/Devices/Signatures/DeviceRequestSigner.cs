using System.Security.Cryptography;

namespace Uonet.Access.Devices;

/// <summary>
/// Signs requests the way <see cref="DeviceRequestVerifier"/> expects (RFC 9421): what a mobile app does on every
/// call, here for tests, benchmarks and server-side tools (apps use the Uonet.Access.Client package, which signs with
/// the same code). The signature, labelled <c>sig1</c>, covers <c>@method</c>,
/// <c>@target-uri</c> and, with a body, <c>content-digest</c> (RFC 9530, sha-256), with the parameters
/// <c>created</c>, <c>keyid</c> (the device id) and <c>alg</c>.
/// </summary>
public static class DeviceRequestSigner
{
    /// <summary>Signs a request with the device's ECDSA P-256 key (<c>ecdsa-p256-sha256</c>).</summary>
    /// <param name="method">The request method, e.g. <c>GET</c>.</param>
    /// <param name="targetUri">The absolute URI the request goes to.</param>
    /// <param name="body">The body exactly as sent; empty for none.</param>
    /// <param name="deviceId">The id the device received at registration.</param>
    /// <param name="key">The device's private key, on P-256.</param>
    /// <param name="created">The signing time (the device's clock; whole seconds are signed).</param>
    /// <exception cref="ArgumentException">The method is not an HTTP token, the URI is not absolute, or the key is not on P-256.</exception>
    public static SignedHeaders Sign(string method, Uri targetUri, ReadOnlySpan<byte> body, Guid deviceId, ECDsa key, DateTimeOffset created) =>
        Headers(RequestSigning.Sign(method, targetUri, body, deviceId, key, created));

    /// <summary>Signs a request with the device's RSA key (<c>rsa-pss-sha512</c>).</summary>
    /// <param name="method">The request method, e.g. <c>GET</c>.</param>
    /// <param name="targetUri">The absolute URI the request goes to.</param>
    /// <param name="body">The body exactly as sent; empty for none.</param>
    /// <param name="deviceId">The id the device received at registration.</param>
    /// <param name="key">The device's private key, of at least 2048 bits.</param>
    /// <param name="created">The signing time (the device's clock; whole seconds are signed).</param>
    /// <exception cref="ArgumentException">The method is not an HTTP token, the URI is not absolute, or the key is shorter than 2048 bits.</exception>
    public static SignedHeaders Sign(string method, Uri targetUri, ReadOnlySpan<byte> body, Guid deviceId, RSA key, DateTimeOffset created) =>
        Headers(RequestSigning.Sign(method, targetUri, body, deviceId, key, created));

    /// <summary>Creates a device key on P-256 and returns its public half as SubjectPublicKeyInfo, the form registration takes.</summary>
    /// <param name="key">The new key pair; the app keeps it (ideally in the platform's key store) and disposes it.</param>
    public static byte[] NewDeviceKey(out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfo();
    }

    private static SignedHeaders Headers(SignatureFields fields) => new()
    {
        SignatureInput = fields.SignatureInput,
        Signature = fields.Signature,
        ContentDigest = fields.ContentDigest,
    };
}
