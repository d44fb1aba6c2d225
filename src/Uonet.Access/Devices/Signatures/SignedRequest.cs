namespace Uonet.Access.Devices;

/// <summary>
/// A request of a paired device as the host received it, for <see cref="DeviceRequestVerifier"/>. The host copies it
/// from its HTTP request: nothing here is trusted until the signature verified.
/// </summary>
public sealed record SignedRequest
{
    /// <summary>The request method as received, e.g. <c>GET</c> (the value of <c>@method</c>).</summary>
    public required string Method { get; init; }

    /// <summary>
    /// The absolute target URI as the client addressed it (scheme, host, port, path and query), from which
    /// <c>@target-uri</c>, <c>@authority</c>, <c>@path</c> and <c>@query</c> are derived. Behind a TLS-terminating
    /// proxy, build it from the forwarded scheme and host, not from the proxy's own address.
    /// </summary>
    public required Uri TargetUri { get; init; }

    /// <summary>
    /// The header fields, one entry per field line, in the order received; names compare case-insensitively. Pass at
    /// least <c>Signature</c>, <c>Signature-Input</c>, <c>Content-Digest</c> and every field the signature covers.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The request body as received (empty when there is none), checked against <c>Content-Digest</c>.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }
}
