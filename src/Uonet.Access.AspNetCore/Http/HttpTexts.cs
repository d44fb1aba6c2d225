using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Localization;

namespace Uonet.Access.AspNetCore.Http;

/// <summary>
/// The package's texts, through the host's <see cref="AccessTextProvider"/>, in the request's language: the UI culture
/// the host chose, or for the mobile API the best language of its <c>Accept-Language</c> the texts are written in (an
/// app asks for its phone's language, whatever the portal's pages offer).
/// </summary>
internal static class HttpTexts
{
    public static AccessTextProvider Texts(HttpContext context) =>
        context.RequestServices.GetService<AccessTextProvider>() ?? AccessTextProvider.Default;

    public static CultureInfo Culture(HttpContext context) =>
        InstancePath.IsMobileApi(context.Request.Path) && AskedLanguage(context) is { } asked ? asked : CultureInfo.CurrentUICulture;

    public static string Text(HttpContext context, string name, IReadOnlyDictionary<string, string>? arguments = null)
    {
        var texts = Texts(context);
        var culture = Culture(context);
        return texts.Format(texts.HttpText(name, culture) ?? name, arguments, culture);
    }

    /// <summary>The description of an error for people: the package's own codes here, the library's as <see cref="AccessTextProvider.Describe(AccessError, CultureInfo)"/>.</summary>
    public static string Describe(HttpContext context, AccessError error)
    {
        var texts = Texts(context);
        var culture = Culture(context);
        return texts.HttpText(error.Code, culture) is { } own
            ? texts.Format(own, error.Arguments, culture)
            : texts.Describe(error.Code, error.Arguments, culture);
    }

    // The highest-quality language of the header that the texts are written in (uk-UA matches uk); none for a request
    // without the header or with only other languages, which keeps the host's choice.
    private static CultureInfo? AskedLanguage(HttpContext context)
    {
        var languages = Texts(context).Languages;
        return context.Request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0 && l.Value.HasValue)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => languages.FirstOrDefault(known => Matches(known, l.Value.Value!)))
            .FirstOrDefault(known => known is not null);
    }

    private static bool Matches(CultureInfo known, string asked) =>
        string.Equals(known.Name, asked, StringComparison.OrdinalIgnoreCase)
        || asked.StartsWith(known.TwoLetterISOLanguageName + "-", StringComparison.OrdinalIgnoreCase)
        || string.Equals(known.TwoLetterISOLanguageName, asked, StringComparison.OrdinalIgnoreCase);
}
