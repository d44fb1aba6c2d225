using System.Security.Cryptography;

namespace Uonet.Access.Devices;

/// <summary>The <c>Content-Digest</c> field of RFC 9530 with the algorithms it does not deprecate: sha-256 and sha-512.</summary>
internal static class ContentDigest
{
    /// <summary>How a digest field compared with a body.</summary>
    public enum Check
    {
        Match,
        Mismatch,
        Malformed,
    }

    /// <summary>The field value for a body: <c>sha-256=:base64:</c>.</summary>
    public static string Create(ReadOnlySpan<byte> body) => "sha-256=:" + Convert.ToBase64String(SHA256.HashData(body)) + ":";

    /// <summary>
    /// Compares the field with the body. Every sha-256 or sha-512 member must match; other algorithms are ignored
    /// (RFC 9530 §2), but at least one known member is required, or nothing would be checked.
    /// </summary>
    public static Check Verify(string field, ReadOnlySpan<byte> body)
    {
        if (StructuredFields.ParseDictionary(field) is not { } members)
        {
            return Check.Malformed;
        }

        var checkedAny = false;
        foreach (var member in members)
        {
            byte[]? expected = member.Key switch
            {
                "sha-256" => SHA256.HashData(body),
                "sha-512" => SHA512.HashData(body),
                _ => null,
            };
            if (expected is null)
            {
                continue;
            }

            if (member.Item is not { Value.Kind: SfKind.ByteSequence } item)
            {
                return Check.Malformed;
            }

            if (!CryptographicOperations.FixedTimeEquals(expected, item.Value.Bytes))
            {
                return Check.Mismatch;
            }

            checkedAny = true;
        }

        return checkedAny ? Check.Match : Check.Malformed;
    }
}
