using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace Uonet.Access.Credentials;

/// <summary>
/// Time-based one-time passwords as DESIGN §5 fixes them: RFC 6238 with HMAC-SHA-1, 6 digits, 30-second steps,
/// one step of clock drift either way, and a step that was used once is never accepted again.
/// </summary>
/// <remarks>
/// The current time is always passed in (from the host's <see cref="TimeProvider"/>), so the algorithm never reads
/// the system clock.
/// </remarks>
internal static class TotpAlgorithm
{
    /// <summary>Length of a new secret: 160 bits, the HMAC-SHA-1 block output size RFC 4226 §4 recommends.</summary>
    internal const int SecretBytes = 20;

    /// <summary>Digits of a code.</summary>
    internal const int Digits = 6;

    /// <summary>Length of one time step, in seconds.</summary>
    internal const int PeriodSeconds = 30;

    /// <summary>Steps accepted before and after the current one (RFC 6238 §5.2 network delay and clock drift).</summary>
    internal const int DriftSteps = 1;

    // Far longer than a code typed with a few spaces: anything beyond it is refused before any HMAC is computed.
    private const int MaxTypedLength = 32;

    /// <summary>A new random secret of <see cref="SecretBytes"/> bytes from the cryptographic RNG.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    /// <summary>The secret in RFC 4648 base32, upper case, without padding, as authenticator apps expect it.</summary>
    /// <param name="secret">The secret.</param>
    public static string ToBase32(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Base32Encoding.ToString(secret).TrimEnd('=');
    }

    /// <summary>
    /// The <c>otpauth://totp/</c> URI of the Key Uri Format that authenticator apps read from a QR code:
    /// label <c>Issuer:account</c>, then secret, issuer, algorithm, digits and period.
    /// </summary>
    /// <param name="secret">The secret.</param>
    /// <param name="issuer">The service name shown in the app (e.g. the platform's name).</param>
    /// <param name="accountName">The account shown under it (the e-mail address).</param>
    /// <exception cref="ArgumentException">The issuer or account name is blank or holds a colon, which the format
    /// reserves as the separator of the label.</exception>
    public static string OtpAuthUri(byte[] secret, string issuer, string accountName)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ThrowIfUnfitForLabel(issuer, nameof(issuer));
        ThrowIfUnfitForLabel(accountName, nameof(accountName));
        // RFC 3986 escaping (space as %20, never '+'): apps differ in how they read '+' in the path.
        var escapedIssuer = Uri.EscapeDataString(issuer);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"otpauth://totp/{escapedIssuer}:{Uri.EscapeDataString(accountName)}?secret={ToBase32(secret)}&issuer={escapedIssuer}&algorithm=SHA1&digits={Digits}&period={PeriodSeconds}");
    }

    /// <summary>
    /// The time step a typed 6-digit code belongs to, looking one step before and after the one of
    /// <paramref name="now"/>; null when it matches none of them, or only steps at or before
    /// <paramref name="lastUsedStep"/>.
    /// </summary>
    /// <remarks>
    /// RFC 6238 §5.2: a code is accepted once. The caller stores the returned step as the new
    /// <paramref name="lastUsedStep"/> of the account (atomically with the sign-in), which also shuts out the older
    /// steps still inside the drift window. Spaces in the typed code are ignored; anything other than ASCII digits,
    /// or a wrong number of them, is refused without an exception.
    /// </remarks>
    /// <param name="secret">The account's secret.</param>
    /// <param name="code">The code as typed.</param>
    /// <param name="now">The current time, from the host's clock.</param>
    /// <param name="lastUsedStep">The step of the last accepted code of the account, or null before the first.</param>
    public static long? MatchStep(byte[] secret, string? code, DateTimeOffset now, long? lastUsedStep) =>
        MatchStep(secret, code, now, lastUsedStep, Digits);

    /// <summary>
    /// <see cref="MatchStep(byte[], string?, DateTimeOffset, long?)"/> with another number of digits: only the
    /// 8-digit test vectors of RFC 6238 Appendix B need it.
    /// </summary>
    internal static long? MatchStep(byte[] secret, string? code, DateTimeOffset now, long? lastUsedStep, int digits)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!TryReadCode(code, digits, out var typed))
        {
            return null;
        }

        var totp = new Totp(secret, PeriodSeconds, OtpHashMode.Sha1, digits);
        var current = StepAt(now);
        long? matched = null;
        // No early exit: every candidate is computed and compared in constant time, so the time taken does not tell
        // whether, or which, step matched. Ascending order makes the latest matching step win, the stricter
        // replay bar in the (one in a million) case of one code matching two steps.
        for (var step = current - DriftSteps; step <= current + DriftSteps; step++)
        {
            if (step <= lastUsedStep)
            {
                continue;
            }

            var expected = Encoding.ASCII.GetBytes(totp.ComputeTotp(StartOf(step)));
            if (CryptographicOperations.FixedTimeEquals(expected, typed))
            {
                matched = step;
            }
        }

        return matched;
    }

    /// <summary>The RFC 6238 time step <c>T = floor(unix time / 30)</c> that <paramref name="time"/> falls in.</summary>
    internal static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / PeriodSeconds;

    private static DateTime StartOf(long step) => DateTime.UnixEpoch.AddSeconds(step * PeriodSeconds);

    private static bool TryReadCode(string? code, int digits, out byte[] typed)
    {
        typed = [];
        if (code is null || code.Length > MaxTypedLength)
        {
            return false;
        }

        var buffer = new byte[digits];
        var count = 0;
        foreach (var c in code)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            // ASCII only: char.IsDigit would also let through Arabic-Indic and other Unicode digits.
            if (!char.IsAsciiDigit(c) || count == digits)
            {
                return false;
            }

            buffer[count++] = (byte)c;
        }

        if (count != digits)
        {
            return false;
        }

        typed = buffer;
        return true;
    }

    private static void ThrowIfUnfitForLabel(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The Key Uri Format forbids a colon in the issuer and the account name.", paramName);
        }
    }
}
