using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Uonet.Access.Credentials;

/// <summary>Random tokens for links and sessions, and the hashes under which they are stored.</summary>
internal static class SecretTokens
{
    /// <summary>32 bytes from the CSPRNG, base64url without padding (43 characters, 256 bits).</summary>
    public static string NewToken(int bytes = 32) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>Whether <paramref name="token"/> has the shape of a token of <paramref name="bytes"/> bytes.</summary>
    public static bool HasTokenShape(string? token, int bytes = 32)
    {
        if (token is null || token.Length != Base64Url.GetEncodedLength(bytes))
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>SHA-256 of the UTF-8 text, lower-case hex: how a token is stored and looked up.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares two hex hashes in constant time.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    /// <summary>A new random security stamp.</summary>
    public static string NewStamp() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
}
