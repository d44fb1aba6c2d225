namespace Uonet.Access.Credentials;

/// <summary>
/// What the system knows about the person choosing a password, so that <see cref="PasswordPolicy"/> can refuse
/// passwords built from it (NIST SP 800-63B context-specific words; ASVS 5.0 V6.2).
/// </summary>
public sealed record PasswordContext
{
    /// <summary>The person's login e-mail, normalized (see <see cref="Records.EmailAddress"/>), or <see langword="null"/>.</summary>
    public string? Email { get; init; }

    /// <summary>
    /// First and last names of the person and of the children they see, as stored (e.g. "Anna Maria", "Nowak-Wiśniewska");
    /// each word of three or more letters is refused inside a password.
    /// </summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>PESEL numbers of the person and of the children they see.</summary>
    public IReadOnlyList<string> Pesels { get; init; } = [];
}
