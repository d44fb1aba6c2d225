namespace Uonet.Access.Devices;

/// <summary>The names of the header fields of signed requests.</summary>
internal static class SignatureHeaderNames
{
    public const string Signature = "Signature";
    public const string SignatureInput = "Signature-Input";
    public const string ContentDigest = "Content-Digest";
}
