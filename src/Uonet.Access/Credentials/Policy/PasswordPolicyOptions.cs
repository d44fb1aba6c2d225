using System.Globalization;

namespace Uonet.Access.Credentials;

/// <summary>
/// The rules <see cref="PasswordPolicy"/> applies to new passwords (ASVS 5.0 V6.2, NIST SP 800-63B): a length range,
/// a block list and context-specific words, and deliberately no composition rules (no "one digit, one capital").
/// </summary>
public sealed class PasswordPolicyOptions
{
    // ASVS and NIST require accepting at least 64 characters.
    internal const int MinimumMaxLength = 64;

    // Bounds the work one request can cause: normalizing, folding and hashing a password are linear in its length.
    internal const int MaximumMaxLength = 4096;

    /// <summary>The lowest <see cref="MinLength"/> a host may set.</summary>
    internal const int LowestMinLength = 8;

    /// <summary>
    /// The fewest characters (Unicode code points after NFKC) a password may have. Default 12: above ASVS's minimum
    /// of 8, below the 15 NIST SP 800-63B-4 asks for when the password is the only factor. Hosts that require TOTP
    /// for every account may lower it to 8, and no host below 8 (refused at start-up, ASVS 5.0 V6.2.1).
    /// </summary>
    public int MinLength { get; set; } = 12;

    /// <summary>The most characters (code points after NFKC) a password may have. Default 128; between 64 and 4096.</summary>
    public int MaxLength { get; set; } = 128;

    /// <summary>Whether to refuse the built-in list of common passwords (over 3,500 entries). Default <see langword="true"/>.</summary>
    public bool BlockCommonPasswords { get; set; } = true;

    /// <summary>
    /// The host's own refused passwords (e.g. from its breach corpus), compared like the built-in list: ignoring case
    /// and diacritics, and also with trailing digits and punctuation removed. Applied even when
    /// <see cref="BlockCommonPasswords"/> is off.
    /// </summary>
    public IList<string> AdditionalBlockedPasswords { get; } = new List<string>();

    /// <summary>
    /// Words that may not appear anywhere in a password (NIST's context-specific words): the service's names and the
    /// word "password". Compared ignoring case and diacritics, so "haslo" also refuses "Hasło".
    /// </summary>
    public IList<string> ServiceWords { get; } = new List<string> { "uonet", "vulcan", "dzienniczek", "eduvulcan", "haslo", "password" };

    /// <summary>Checks the options, reporting every problem (empty when valid).</summary>
    /// <returns>One message per problem, naming the option and its value.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxLength is < MinimumMaxLength or > MaximumMaxLength)
        {
            problems.Add(Invariant($"UonetAccessOptions.PasswordPolicy.MaxLength must be between {MinimumMaxLength} and {MaximumMaxLength} (it is {MaxLength})."));
        }

        if (MinLength < LowestMinLength || MinLength > MaxLength)
        {
            problems.Add(Invariant($"UonetAccessOptions.PasswordPolicy.MinLength must be between {LowestMinLength} and MaxLength ({MaxLength}) (it is {MinLength}); ASVS 5.0 V6.2.1 asks for at least 8."));
        }

        if (ServiceWords.Any(string.IsNullOrWhiteSpace))
        {
            // A blank word is contained in every password, so it would refuse them all.
            problems.Add("UonetAccessOptions.PasswordPolicy.ServiceWords must not contain empty words.");
        }

        return problems;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
