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
        return arguments is null || arguments.Count == 0 ? template : Fill(template, arguments, polish);
    }

    /// <summary>Whether a text in this culture is Polish.</summary>
    public static bool IsPolish(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return string.Equals(culture.TwoLetterISOLanguageName, "pl", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every code that has a built-in text.</summary>
    public static IEnumerable<string> KnownCodes => Texts.Keys;

    private static string Fill(string template, IReadOnlyDictionary<string, string> arguments, bool polish)
    {
        var builder = new StringBuilder(template);
        foreach (var (name, value) in arguments)
        {
            // An argument may carry an English variant under "<name>.en" (e.g. a maintenance message typed in both).
            if (name.EndsWith(".en", StringComparison.Ordinal))
            {
                continue;
            }

            var text = !polish && arguments.TryGetValue(name + ".en", out var english) ? english : value;
            builder.Replace("{" + name + "}", name == "field" ? FieldLabel(text, polish) : text);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The name of an input field as people know it: <c>guardians[0].firstName</c> reads "rodzic/opiekun 1: imię".
    /// Unknown fields keep their technical name.
    /// </summary>
    public static string FieldLabel(string field, bool polish)
    {
        ArgumentNullException.ThrowIfNull(field);
        var prefix = string.Empty;
        var name = field;
        var dot = field.LastIndexOf('.');
        if (dot > 0)
        {
            var owner = field[..dot];
            name = field[(dot + 1)..];
            var open = owner.IndexOf('[', StringComparison.Ordinal);
            var number = open > 0 && owner[^1] == ']' && int.TryParse(owner.AsSpan(open + 1, owner.Length - open - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                ? " " + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : string.Empty;
            prefix = (polish ? "rodzic/opiekun" : "guardian") + number + ": ";
        }

        var label = name switch
        {
            "firstName" => polish ? "imię" : "first name",
            "lastName" => polish ? "nazwisko" : "last name",
            "className" => polish ? "klasa" : "class",
            "pesel" => "PESEL",
            "email" => "e-mail",
            "name" => polish ? "nazwa" : "name",
            "displayName" => polish ? "imię i nazwisko" : "name",
            "relation" => polish ? "stopień pokrewieństwa" : "relation",
            "unitCode" => polish ? "kod szkoły" : "school code",
            "symbol" => polish ? "symbol" : "symbol",
            "baseUrl" => polish ? "adres witryny" : "site address",
            "password" => polish ? "hasło" : "password",
            _ => name,
        };
        return prefix + label;
    }
}
