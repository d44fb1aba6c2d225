using System.Globalization;
using Uonet.Access.Localization;

namespace Uonet.Access;

/// <summary>
/// A refusal or validation failure with a stable <see cref="Code"/> that callers may switch on,
/// and a description in Polish, English or Ukrainian for the person in front of the screen.
/// </summary>
public sealed class AccessError : IEquatable<AccessError>
{
    private static readonly IReadOnlyDictionary<string, string> NoArguments = new Dictionary<string, string>();

    /// <summary>Creates an error.</summary>
    /// <param name="code">One of <see cref="AccessErrorCodes"/> (or a host's own code).</param>
    /// <param name="field">The input field the error is about, when there is one (for forms and CSV reports).</param>
    /// <param name="arguments">Named values inserted into the description, e.g. <c>max</c>.</param>
    public AccessError(string code, string? field = null, IReadOnlyDictionary<string, string>? arguments = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        Field = field;
        Arguments = arguments ?? NoArguments;
    }

    /// <summary>The stable code, e.g. <c>Pesel.Checksum</c>. Codes never change meaning between versions.</summary>
    public string Code { get; }

    /// <summary>The input field the error is about, or <see langword="null"/>.</summary>
    public string? Field { get; }

    /// <summary>Named values used by the description (never secrets).</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; }

    /// <summary>
    /// Describes the error with the built-in texts in the given culture (Polish for <c>pl</c>, Ukrainian for <c>uk</c>,
    /// English otherwise); a host with its own texts calls <see cref="AccessTextProvider.Describe(AccessError, CultureInfo)"/>.
    /// </summary>
    /// <param name="culture">The culture; <see langword="null"/> means <see cref="CultureInfo.CurrentUICulture"/>.</param>
    public string Describe(CultureInfo? culture = null) => AccessTextProvider.Default.Describe(this, culture ?? CultureInfo.CurrentUICulture);

    /// <inheritdoc />
    public override string ToString() => Field is null ? Code : $"{Code} ({Field})";

    /// <inheritdoc />
    public bool Equals(AccessError? other) =>
        other is not null && Code == other.Code && Field == other.Field;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AccessError);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, Field);
}
