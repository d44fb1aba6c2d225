using System.Globalization;
using System.Resources;

namespace Uonet.Access.Localization;

/// <summary>
/// The built-in texts of every stable code (errors and diagnosis findings) in Polish, English and Ukrainian, through
/// <see cref="AccessTextProvider.Default"/>. Texts are written to be read aloud to a parent on the phone. Arguments
/// appear as <c>{name}</c>. A host that words texts its own way resolves <see cref="AccessTextProvider"/> from its
/// services instead.
/// </summary>
public static class AccessMessages
{
    /// <summary>Describes <paramref name="code"/> in the culture's language: Polish, Ukrainian, or English for any other.</summary>
    /// <param name="code">A stable code.</param>
    /// <param name="arguments">Values for the placeholders of the text.</param>
    /// <param name="culture">The culture; <see langword="null"/> means <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The text; for an unknown code, the code itself, so nothing is ever blank.</returns>
    public static string Describe(string code, IReadOnlyDictionary<string, string>? arguments = null, CultureInfo? culture = null) =>
        AccessTextProvider.Default.Describe(code, arguments, culture ?? CultureInfo.CurrentUICulture);

    /// <summary>Whether a text in this culture is Polish.</summary>
    public static bool IsPolish(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return string.Equals(culture.TwoLetterISOLanguageName, "pl", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every code that has a built-in text.</summary>
    public static IEnumerable<string> KnownCodes
    {
        get
        {
            var codes = new ResourceManager("Uonet.Access.Localization.AccessTexts", typeof(AccessMessages).Assembly)
                .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
            return codes.Cast<System.Collections.DictionaryEntry>()
                .Select(entry => (string)entry.Key)
                .Where(key => key.Contains('.', StringComparison.Ordinal) && !key.StartsWith("Label.", StringComparison.Ordinal) && !key.StartsWith("Mail.", StringComparison.Ordinal) && !key.StartsWith("Http.", StringComparison.Ordinal) && !key.StartsWith("Value.", StringComparison.Ordinal))
                .ToList();
        }
    }

    /// <summary>
    /// The name of an input field as people know it: <c>guardians[0].firstName</c> reads "rodzic/opiekun 1: imię".
    /// Unknown fields keep their technical name.
    /// </summary>
    public static string FieldLabel(string field, bool polish) =>
        AccessTextProvider.Default.FieldLabel(field, CultureInfo.GetCultureInfo(polish ? "pl" : "en"));

    /// <summary>The name of an input field as people know it, in the culture's language (see <see cref="AccessTextProvider.FieldLabel"/>).</summary>
    public static string FieldLabel(string field, CultureInfo culture) => AccessTextProvider.Default.FieldLabel(field, culture);
}
