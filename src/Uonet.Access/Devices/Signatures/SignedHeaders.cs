namespace Uonet.Access.Devices;

/// <summary>The header fields <see cref="DeviceRequestSigner"/> produced for one request.</summary>
public sealed record SignedHeaders
{
    /// <summary>The value of <c>Signature-Input</c>, e.g. <c>sig1=("@method" "@target-uri");created=…;keyid="…";alg="ecdsa-p256-sha256"</c>.</summary>
    public required string SignatureInput { get; init; }

    /// <summary>The value of <c>Signature</c>: <c>sig1=:base64:</c>.</summary>
    public required string Signature { get; init; }

    /// <summary>The value of <c>Content-Digest</c> (<c>sha-256=:base64:</c>) when the request has a body, else <see langword="null"/>.</summary>
    public string? ContentDigest { get; init; }

    /// <summary>The fields as name–value pairs, ready to add to a request.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToHeaders()
    {
        List<KeyValuePair<string, string>> headers =
        [
            new(SignatureHeaderNames.SignatureInput, SignatureInput),
            new(SignatureHeaderNames.Signature, Signature),
        ];
        if (ContentDigest is not null)
        {
            headers.Add(new(SignatureHeaderNames.ContentDigest, ContentDigest));
        }

        return headers;
    }
}
