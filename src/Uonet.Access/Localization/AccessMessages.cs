using System.Globalization;
using System.Text;

namespace Uonet.Access.Localization;

/// <summary>
/// The built-in Polish and English texts of every stable code (errors and diagnosis findings).
/// Texts are written to be read aloud to a parent on the phone. Arguments appear as <c>{name}</c>.
/// </summary>
public static partial class AccessMessages
{
    /// <summary>Describes <paramref name="code"/> in Polish when the culture is Polish, in English otherwise.</summary>
    /// <param name="code">A stable code.</param>
    /// <param name="arguments">Values for the placeholders of the text.</param>
    /// <param name="culture">The culture; <see langword="null"/> means <see cref="CultureInfo.CurrentUICulture"/>.</param>
    /// <returns>The text; for an unknown code, the code itself, so nothing is ever blank.</returns>
    public static string Describe(string code, IReadOnlyDictionary<string, string>? arguments = null, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(code);
        var polish = IsPolish(culture ?? CultureInfo.CurrentUICulture);
        if (!Texts.TryGetValue(code, out var pair))
        {
            return code;
        }

        var template = polish ? pair.Polish : pair.English;
        return arguments is null || arguments.Count == 0 ? template : Fill(template, arguments);
    }

    /// <summary>Whether a text in this culture is Polish.</summary>
    public static bool IsPolish(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return string.Equals(culture.TwoLetterISOLanguageName, "pl", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every code that has a built-in text.</summary>
    public static IEnumerable<string> KnownCodes => Texts.Keys;

    private static string Fill(string template, IReadOnlyDictionary<string, string> arguments)
    {
        var builder = new StringBuilder(template);
        foreach (var (name, value) in arguments)
        {
            builder.Replace("{" + name + "}", value);
        }

        return builder.ToString();
    }
}
