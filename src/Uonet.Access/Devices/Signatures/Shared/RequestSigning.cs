using System.Security.Cryptography;

namespace Uonet.Access.Devices;

/// <summary>
/// The signer's half of RFC 9421 as <c>DeviceRequestVerifier</c> reads it: the signature, labelled <c>sig1</c>, covers
/// <c>@method</c>, <c>@target-uri</c> and, with a body, <c>content-digest</c> (RFC 9530, sha-256), with the parameters
/// <c>created</c>, <c>keyid</c> (the device id) and <c>alg</c>. The signature base comes from <see cref="SignatureBase"/>,
/// the same code the verifier rebuilds it with.
/// </summary>
/// <remarks>
/// This folder is compiled into Uonet.Access and into Uonet.Access.Client (linked, internal in both), so that the
/// server and the app can never disagree on a byte of what is signed: it may use the BCL only.
/// </remarks>
internal static class RequestSigning
{
    /// <summary>The label the library signs with.</summary>
    public const string Label = "sig1";

    /// <summary>The RFC 9421 name of ECDSA on P-256 with SHA-256 (§3.3.4).</summary>
    public const string EcdsaP256Sha256 = "ecdsa-p256-sha256";

    /// <summary>The RFC 9421 name of RSA-PSS with SHA-512 (§3.3.1).</summary>
    public const string RsaPssSha512 = "rsa-pss-sha512";

    /// <summary>The smallest RSA modulus a device key may have, in bits.</summary>
    public const int MinRsaBits = 2048;

    /// <summary>
    /// The largest RSA modulus a device key may have, in bits: every request of the device is verified with the key,
    /// so its cost must stay bounded.
    /// </summary>
    public const int MaxRsaBits = 8192;

    /// <summary>Whether the key is on the named curve P-256 (not just any 256-bit curve).</summary>
    public static bool IsP256(ECDsa key)
    {
        var curve = key.ExportParameters(false).Curve;
        return curve.IsNamed && (curve.Oid.Value == "1.2.840.10045.3.1.7" || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256");
    }

    /// <summary>
    /// Signs a request with a device key: ECDSA P-256 (<c>ecdsa-p256-sha256</c>, r‖s) or RSA of at least
    /// <see cref="MinRsaBits"/> bits (<c>rsa-pss-sha512</c>).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The key is of another kind, curve or size, the method is not an HTTP token, or the URI is not absolute.
    /// </exception>
    public static SignatureFields Sign(string method, Uri targetUri, ReadOnlySpan<byte> body, Guid deviceId, AsymmetricAlgorithm key, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(key);
        Func<byte[], byte[]> sign;
        string algorithm;
        switch (key)
        {
            case ECDsa ecdsa when IsP256(ecdsa):
                algorithm = EcdsaP256Sha256;
                sign = data => ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                break;
            case ECDsa:
                throw new ArgumentException("The device key must be on P-256.", nameof(key));
            case RSA rsa when rsa.KeySize >= MinRsaBits:
                algorithm = RsaPssSha512;
                sign = data => rsa.SignData(data, HashAlgorithmName.SHA512, RSASignaturePadding.Pss);
                break;
            case RSA:
                throw new ArgumentException($"The device key must have at least {MinRsaBits} bits.", nameof(key));
            default:
                throw new ArgumentException("The device key must be ECDSA P-256 or RSA.", nameof(key));
        }

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
        return new SignatureFields(
            Label + "=" + signatureParams,
            Label + "=:" + Convert.ToBase64String(sign(signatureBase)) + ":",
            digest);
    }

    private static SfItem Component(string name) => new(new SfBareItem(SfKind.String, Text: name), []);
}

/// <summary>The header field values of one signed request; <see cref="ContentDigest"/> only with a body.</summary>
internal readonly record struct SignatureFields(string SignatureInput, string Signature, string? ContentDigest);
