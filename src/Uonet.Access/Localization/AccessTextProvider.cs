using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Uonet.Access.Eligibility;

namespace Uonet.Access.Localization;

/// <summary>
/// Every text the library shows people: the descriptions of stable codes (errors and diagnosis findings), field labels,
/// mail subjects and bodies, and the HTTP package's own texts. The built-in texts are English (the neutral language,
/// also answered for any culture without texts of its own), Polish (<c>pl</c>) and Ukrainian (<c>uk</c>), embedded as
/// <c>Localization/AccessTexts*.resx</c>. A host words a message in its own voice or adds a language by deriving from
/// this class and registering it (<c>services.AddSingleton&lt;AccessTextProvider, SchoolTexts&gt;()</c>): codes stay
/// stable, only their wording changes.
/// </summary>
/// <remarks>
/// A text holds placeholders <c>{name}</c>; <c>{name:plural:one|few|many}</c> picks a form by the number in the
/// argument (<c>#</c> stands for it) through <see cref="PluralForm"/>. In mail texts <c>**bold**</c> marks the names of
/// buttons and menus. Arguments are filled in one pass, so a value is never read as a placeholder.
/// </remarks>
public partial class AccessTextProvider
{
    private static readonly ResourceManager Resources = new("Uonet.Access.Localization.AccessTexts", typeof(AccessTextProvider).Assembly);

    /// <summary>The built-in texts, used where no service provider is at hand (<see cref="AccessMessages"/>).</summary>
    public static AccessTextProvider Default { get; } = new();

    /// <summary>The languages the built-in texts are written in: Polish, English and Ukrainian.</summary>
    public virtual IReadOnlyList<CultureInfo> Languages { get; } =
        [CultureInfo.GetCultureInfo("pl"), CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("uk")];

    /// <summary>
    /// The text stored under <paramref name="key"/> in <paramref name="culture"/>'s language, falling back to English.
    /// Every other member reads through here, so overriding this one adds a whole language.
    /// </summary>
    /// <param name="key">The key, as in <c>AccessTexts.resx</c> (a stable code, <c>Label.*</c>, <c>Mail.*</c>, <c>Http.*</c>).</param>
    /// <param name="culture">The language.</param>
    /// <returns>The text, or <see langword="null"/> for an unknown key.</returns>
    public virtual string? Text(string key, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(culture);
        return Resources.GetString(key, culture);
    }

    /// <summary>The language tag of the texts given for <paramref name="culture"/> (<c>pl</c>, <c>en</c>, <c>uk</c>): for <c>lang</c> attributes.</summary>
    /// <param name="culture">The culture asked for.</param>
    public virtual string LanguageTag(CultureInfo culture) => Text("Language", culture) ?? "en";

    /// <summary>The text of a stable code (an <see cref="AccessErrorCodes"/> or <see cref="DiagnosisCodes"/> member), unfilled.</summary>
    /// <param name="code">The code.</param>
    /// <param name="culture">The language.</param>
    /// <returns>The text with its placeholders, or <see langword="null"/> for a code without a text.</returns>
    public virtual string? CodeText(string code, CultureInfo culture) => Text(code, culture);

    /// <summary>Describes a stable code with its arguments filled in; a <c>field</c> argument reads as its <see cref="FieldLabel"/>.</summary>
    /// <param name="code">The code.</param>
    /// <param name="arguments">Values for the placeholders; <c>name.pl</c>, <c>name.en</c> or <c>name.uk</c> gives the value in that language.</param>
    /// <param name="culture">The language.</param>
    /// <returns>The text; for a code without one, the code itself, so nothing is ever blank.</returns>
    public virtual string Describe(string code, IReadOnlyDictionary<string, string>? arguments, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(culture);
        var template = CodeText(code, culture);
        if (template is null)
        {
            return code;
        }

        return Format(template, arguments, culture);
    }

    /// <summary>Describes a refusal or validation failure (<see cref="Describe(string, IReadOnlyDictionary{string, string}?, CultureInfo)"/> of its code).</summary>
    /// <param name="error">The error.</param>
    /// <param name="culture">The language.</param>
    public string Describe(AccessError error, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Describe(error.Code, error.Arguments, culture);
    }

    /// <summary>Describes a finding of the login diagnosis.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="culture">The language.</param>
    public string Describe(DiagnosisFinding finding, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Describe(finding.Code, finding.Arguments, culture);
    }

    /// <summary>Says who can fix a finding of the login diagnosis.</summary>
    /// <param name="fixedBy">Who can fix it.</param>
    /// <param name="culture">The language.</param>
    public string Describe(FixAuthority fixedBy, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(fixedBy);
        var (code, arguments) = fixedBy.Text();
        return Describe(code, arguments, culture);
    }

    /// <summary>
    /// The name of an input field as people know it: <c>guardians[0].firstName</c> reads "rodzic/opiekun 1: imię" in
    /// Polish. Unknown fields keep their technical name.
    /// </summary>
    /// <param name="field">The field's technical name.</param>
    /// <param name="culture">The language.</param>
    public virtual string FieldLabel(string field, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(culture);
        var prefix = string.Empty;
        var name = field;
        var dot = field.LastIndexOf('.');
        if (dot > 0)
        {
            var owner = field[..dot];
            name = field[(dot + 1)..];
            var open = owner.IndexOf('[', StringComparison.Ordinal);
            var number = open > 0 && owner[^1] == ']' && int.TryParse(owner.AsSpan(open + 1, owner.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? " " + (index + 1).ToString(CultureInfo.InvariantCulture)
                : string.Empty;
            prefix = (Text("Label.guardian", culture) ?? "guardian") + number + ": ";
        }

        return prefix + (Text("Label." + name, culture) ?? name);
    }

    /// <summary>A part of a mail (<c>Mail.*</c> keys without the prefix: <c>Greeting</c>, <c>AccessLink.Subject</c>, …), unfilled.</summary>
    /// <param name="name">The part's name.</param>
    /// <param name="culture">The language.</param>
    /// <exception cref="KeyNotFoundException">No text has this name.</exception>
    public virtual string MailText(string name, CultureInfo culture) =>
        Text("Mail." + name, culture) ?? throw new KeyNotFoundException($"No mail text named '{name}'.");

    /// <summary>A text of the HTTP package (<c>Http.*</c> keys without the prefix: its error codes, <c>Maintenance.Title</c>, …), unfilled.</summary>
    /// <param name="name">The text's name.</param>
    /// <param name="culture">The language.</param>
    /// <returns>The text, or <see langword="null"/> for an unknown name.</returns>
    public virtual string? HttpText(string name, CultureInfo culture) => Text("Http." + name, culture);

    /// <summary>
    /// Which plural form a count takes: 0 the singular ("1 próba", "21 спроба"), 1 the few form ("3 próby", "22 спроби"),
    /// 2 the many form ("5 prób", "12 спроб"). English has two forms, 0 for one and 1 for any other count; a language
    /// with fewer forms than the index gets its last form.
    /// </summary>
    /// <param name="count">The count, whole and not negative.</param>
    /// <param name="culture">The language.</param>
    public virtual int PluralForm(long count, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var n = Math.Abs(count);
        var last = n % 10;
        var lastTwo = n % 100;
        var few = last is >= 2 and <= 4 && lastTwo is < 12 or > 14;
        return culture.TwoLetterISOLanguageName switch
        {
            "pl" => n == 1 ? 0 : few ? 1 : 2,
            "uk" => last == 1 && lastTwo != 11 ? 0 : few ? 1 : 2,
            _ => n == 1 ? 0 : 1,
        };
    }

    /// <summary>
    /// Fills a text's placeholders in one pass (a value is never read as a placeholder); a placeholder without a value
    /// stays as written. A <c>field</c> argument reads as its <see cref="FieldLabel"/>, and <c>name.pl</c>,
    /// <c>name.en</c> or <c>name.uk</c> gives the value of <c>name</c> in that language.
    /// </summary>
    /// <param name="template">The text.</param>
    /// <param name="arguments">Values for the placeholders.</param>
    /// <param name="culture">The language.</param>
    public string Format(string template, IReadOnlyDictionary<string, string>? arguments, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(culture);
        if (arguments is null || arguments.Count == 0)
        {
            return template;
        }

        var language = LanguageTag(culture);
        return Placeholder().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            if (!arguments.TryGetValue(name, out var text))
            {
                return match.Value;
            }

            if (arguments.TryGetValue(name + "." + language, out var translated))
            {
                text = translated;
            }

            if (name == "field")
            {
                return FieldLabel(text, culture);
            }

            if (!match.Groups["forms"].Success)
            {
                return ValueText(name, text, culture);
            }

            var forms = match.Groups["forms"].Value.Split('|');
            var index = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? PluralForm(count, culture)
                : forms.Length - 1;
            return forms[Math.Clamp(index, 0, forms.Length - 1)].Replace("#", text, StringComparison.Ordinal);
        });
    }

    /// <summary>
    /// The words for a value that names a kind rather than being read as written, e.g. the <c>reason</c> of
    /// <see cref="AccessErrorCodes.DeviceRevoked"/> (<c>RevokedByStaff</c> reads "unregistered by the school"). The
    /// error keeps the stable name in its arguments for programs; only the text is translated.
    /// </summary>
    /// <param name="name">The placeholder's name.</param>
    /// <param name="value">The value as the error carries it.</param>
    /// <param name="culture">The language.</param>
    /// <returns>The text under <c>Value.{name}.{value}</c>, or the value itself when there is none.</returns>
    public virtual string ValueText(string name, string value, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return Text("Value." + name + "." + value, culture) ?? value;
    }

    /// <summary>The names of the placeholders of a text (<c>{max:plural:…}</c> counts as <c>max</c>).</summary>
    /// <param name="template">The text.</param>
    internal static IReadOnlySet<string> Placeholders(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Placeholder().Matches(template).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z][A-Za-z0-9_]*)(?::plural:(?<forms>[^{}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
