using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Uonet.Access.Credentials.Passwords;

/// <summary>
/// An Argon2id hash in the PHC string format, exactly as the reference implementation (<c>argon2</c>,
/// <c>encode_string</c>) writes it: <c>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;passes&gt;,p=&lt;lanes&gt;$&lt;salt&gt;$&lt;hash&gt;</c>,
/// salt and hash in standard base64 without padding.
/// </summary>
/// <remarks>
/// Parsing is strict, because the string is the only record of how to check a password: one spelling per hash
/// (parameters in the order m, t, p, each once, decimal without sign or leading zeros; canonical base64), version 19
/// (Argon2 1.3) only, and every number within <see cref="IsWithinLimits"/>. Anything else is refused without an
/// exception, so a damaged row in the store reads as a failed sign-in and not as a server error.
/// </remarks>
internal sealed class PhcArgon2String
{
    /// <summary>Argon2 1.3 (<c>0x13</c>), the only version written since 2016 and the only one accepted.</summary>
    public const int Version = 19;

    /// <summary>The reference implementation's minimum salt (<c>ARGON2_MIN_SALT_LENGTH</c>).</summary>
    public const int MinSaltLength = 8;

    /// <summary>Far above any real salt; bounds the work of parsing a damaged or hostile string.</summary>
    public const int MaxSaltLength = 1024;

    /// <summary>The reference implementation's minimum tag (<c>ARGON2_MIN_OUTLEN</c>).</summary>
    public const int MinHashLength = 4;

    /// <summary>Konscious refuses longer tags (<c>NotSupportedException</c>).</summary>
    public const int MaxHashLength = 1024;

    /// <summary>4 GiB: more is not a password hash but a way to exhaust the server's memory.</summary>
    public const int MaxMemoryKiB = 4 * 1024 * 1024;

    /// <summary>Far above any published row (OWASP's highest is t=5); bounds the CPU one verification may take.</summary>
    public const int MaxIterations = 1024;

    /// <summary>Far above any sane configuration; Konscious starts a task per lane and segment.</summary>
    public const int MaxParallelism = 255;

    private const string Prefix = "$argon2id$v=19$m=";

    // Longer than any string within the limits (prefix, numbers and separators fit in 256), so a huge one is refused unread.
    private const int MaxEncodedLength = 256 + ((MaxSaltLength + 2) / 3 * 4) + ((MaxHashLength + 2) / 3 * 4);

    private static readonly SearchValues<char> Base64Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    public PhcArgon2String(Argon2Parameters parameters, byte[] salt, byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(salt);
        ArgumentNullException.ThrowIfNull(hash);
        if (!IsWithinLimits(parameters, salt.Length, hash.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), $"Argon2id parameters out of range: {parameters}, salt {salt.Length} B, hash {hash.Length} B.");
        }

        Parameters = parameters;
        Salt = salt;
        Hash = hash;
    }

    public Argon2Parameters Parameters { get; }

    public byte[] Salt { get; }

    public byte[] Hash { get; }

    /// <summary>
    /// Whether a hash with these numbers can be verified here: the reference implementation's own limits (m ≥ 8·p, t ≥ 1,
    /// p ≥ 1, salt ≥ 8 B, tag ≥ 4 B) and the upper bounds above.
    /// </summary>
    public static bool IsWithinLimits(Argon2Parameters parameters, int saltLength, int hashLength) =>
        parameters.Parallelism is >= 1 and <= MaxParallelism
        && parameters.Iterations is >= 1 and <= MaxIterations
        && parameters.MemoryKiB <= MaxMemoryKiB
        && parameters.MemoryKiB >= 8 * parameters.Parallelism
        && saltLength is >= MinSaltLength and <= MaxSaltLength
        && hashLength is >= MinHashLength and <= MaxHashLength;

    /// <summary>Reads a PHC string; <see langword="false"/> for anything this class would not have written.</summary>
    public static bool TryParse(string? encoded, [NotNullWhen(true)] out PhcArgon2String? result)
    {
        result = null;
        if (encoded is null || encoded.Length > MaxEncodedLength || !encoded.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = encoded.AsSpan(Prefix.Length);
        if (!TryReadNumber(ref rest, ",t=", out var memory)
            || !TryReadNumber(ref rest, ",p=", out var iterations)
            || !TryReadNumber(ref rest, "$", out var parallelism))
        {
            return false;
        }

        var separator = rest.IndexOf('$');
        if (separator < 0
            || !TryDecodeBase64(rest[..separator], out var salt)
            || !TryDecodeBase64(rest[(separator + 1)..], out var hash))
        {
            return false;
        }

        var parameters = new Argon2Parameters(memory, iterations, parallelism);
        if (!IsWithinLimits(parameters, salt.Length, hash.Length))
        {
            return false;
        }

        result = new PhcArgon2String(parameters, salt, hash);
        return true;
    }

    /// <summary>The PHC string, byte for byte what the reference implementation writes for the same inputs.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Prefix}{Parameters.MemoryKiB},t={Parameters.Iterations},p={Parameters.Parallelism}${EncodeBase64(Salt)}${EncodeBase64(Hash)}");

    /// <summary>Reads a decimal up to <paramref name="terminator"/> and moves past it.</summary>
    private static bool TryReadNumber(ref ReadOnlySpan<char> text, string terminator, out int value)
    {
        value = 0;
        var end = text.IndexOf(terminator, StringComparison.Ordinal);
        // At most 10 digits fit an int; "0" itself is below every minimum, so a leading zero is never valid.
        if (end is < 1 or > 10 || text[0] == '0')
        {
            return false;
        }

        long number = 0;
        foreach (var c in text[..end])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        if (number > int.MaxValue)
        {
            return false;
        }

        value = (int)number;
        text = text[(end + terminator.Length)..];
        return true;
    }

    private static bool TryDecodeBase64(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        // Without padding a final group of one character cannot occur; '=' and whitespace are not part of the format.
        if (text.Length % 4 == 1 || text.ContainsAnyExcept(Base64Alphabet))
        {
            return false;
        }

        Span<char> padded = stackalloc char[text.Length + 3];
        text.CopyTo(padded);
        var length = (text.Length + 3) / 4 * 4;
        padded[text.Length..length].Fill('=');
        var decoded = new byte[length / 4 * 3];
        if (!Convert.TryFromBase64Chars(padded[..length], decoded, out var written))
        {
            return false;
        }

        bytes = decoded[..written];
        // One spelling per value: unused low bits of the last character must be zero, as the encoder leaves them.
        return EncodeBase64(bytes).AsSpan().SequenceEqual(text);
    }

    private static string EncodeBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}
