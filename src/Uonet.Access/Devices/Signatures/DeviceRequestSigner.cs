using System.Security.Cryptography;

namespace Uonet.Access.Devices;

/// <summary>
/// Signs requests the way <see cref="DeviceRequestVerifier"/> expects (RFC 9421): what a mobile app does on every
/// call, here for the samples, tests and .NET clients. The signature, labelled <c>sig1</c>, covers <c>@method</c>,
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
    public static SignedHeaders Sign(string method, Uri targetUri, ReadOnlySpan<byte> body, Guid deviceId, ECDsa key, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!SignatureAlgorithms.IsP256(key))
        {
            throw new ArgumentException("The device key must be on P-256.", nameof(key));
        }

        return Sign(method, targetUri, body, deviceId, SignatureAlgorithms.EcdsaP256Sha256, created,
            data => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>Signs a request with the device's RSA key (<c>rsa-pss-sha512</c>).</summary>
    /// <param name="method">The request method, e.g. <c>GET</c>.</param>
    /// <param name="targetUri">The absolute URI the request goes to.</param>
    /// <param name="body">The body exactly as sent; empty for none.</param>
    /// <param name="deviceId">The id the device received at registration.</param>
    /// <param name="key">The device's private key, of at least 2048 bits.</param>
    /// <param name="created">The signing time (the device's clock; whole seconds are signed).</param>
    /// <exception cref="ArgumentException">The method is not an HTTP token, the URI is not absolute, or the key is shorter than 2048 bits.</exception>
    public static SignedHeaders Sign(string method, Uri targetUri, ReadOnlySpan<byte> body, Guid deviceId, RSA key, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize < 2048)
        {
            throw new ArgumentException("The device key must have at least 2048 bits.", nameof(key));
        }

        return Sign(method, targetUri, body, deviceId, SignatureAlgorithms.RsaPssSha512, created,
            data => key.SignData(data, HashAlgorithmName.SHA512, RSASignaturePadding.Pss));
    }

    /// <summary>Creates a device key on P-256 and returns its public half as SubjectPublicKeyInfo, the form registration takes.</summary>
    /// <param name="key">The new key pair; the app keeps it (ideally in the platform's key store) and disposes it.</param>
    public static byte[] NewDeviceKey(out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfo();
    }

    private static SignedHeaders Sign(string method, Uri targetUri, ReadOnlySpan<byte> body, Guid deviceId, string algorithm, DateTimeOffset created, Func<byte[], byte[]> sign)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(targetUri);
        if (!targetUri.IsAbsoluteUri)
        {
            throw new ArgumentException("The target URI must be absolute.", nameof(targetUri));
        }

        foreach (var c in method)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~'))
            {
                throw new ArgumentException("The method must be an HTTP token.", nameof(method));
            }
        }

        var digest = body.IsEmpty ? null : ContentDigest.Create(body);
        List<SfItem> components =
        [
            Component("@method"),
            Component("@target-uri"),
        ];
        if (digest is not null)
        {
            components.Add(Component("content-digest"));
        }

        List<SfParameter> parameters =
        [
            new("created", new SfBareItem(SfKind.Integer, Integer: created.ToUnixTimeSeconds())),
            new("keyid", new SfBareItem(SfKind.String, Text: deviceId.ToString("D"))),
            new("alg", new SfBareItem(SfKind.String, Text: algorithm)),
        ];
        var signatureParams = StructuredFields.SerializeInnerList(components, parameters);
        IReadOnlyList<KeyValuePair<string, string>> headers = digest is null ? [] : [new(SignatureHeaderNames.ContentDigest, digest)];
        var signatureBase = SignatureBase.Build([.. components.Select(c => c.Value.Text!)], signatureParams, method, targetUri, headers)
            ?? throw new ArgumentException("The target URI cannot be signed.", nameof(targetUri));
        var signature = sign(signatureBase);
        return new SignedHeaders
        {
            SignatureInput = SignatureInput.PreferredLabel + "=" + signatureParams,
            Signature = SignatureInput.PreferredLabel + "=:" + Convert.ToBase64String(signature) + ":",
            ContentDigest = digest,
        };
    }

    private static SfItem Component(string name) => new(new SfBareItem(SfKind.String, Text: name), []);
}
