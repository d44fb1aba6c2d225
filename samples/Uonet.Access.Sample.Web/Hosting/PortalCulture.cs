using System.Globalization;
using Uonet.Access.AspNetCore.Http;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>
/// Polish by default, English or Ukrainian on request: <c>?lang=en</c> / <c>?lang=uk</c> (remembered in a cookie) for
/// pages, <c>Accept-Language</c> for the mobile API. The library's messages follow the culture set here
/// (<c>AccessError.Describe</c>, which answers in Ukrainian for any culture whose language is <c>uk</c>).
/// </summary>
internal sealed class PortalCulture(RequestDelegate next)
{
    public const string CookieName = "uonet-lang";

    public static readonly CultureInfo Polish = CultureInfo.GetCultureInfo("pl-PL");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    public static readonly CultureInfo Ukrainian = CultureInfo.GetCultureInfo("uk-UA");

    /// <summary>The <c>?lang=</c> codes the portal answers to.</summary>
    public static readonly IReadOnlyList<string> Codes = ["pl", "en", "uk"];

    /// <summary>The portal's language for a culture: Ukrainian for <c>uk</c>, Polish for <c>pl</c>, English otherwise.</summary>
    public static PortalLanguage LanguageOf(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName switch
        {
            "pl" => PortalLanguage.Polish,
            "uk" => PortalLanguage.Ukrainian,
            _ => PortalLanguage.English,
        };
    }

    /// <summary>The <c>?lang=</c> code of a language.</summary>
    public static string CodeOf(PortalLanguage language) => language switch
    {
        PortalLanguage.Polish => "pl",
        PortalLanguage.Ukrainian => "uk",
        _ => "en",
    };

    /// <summary>A language's own name, as the switch offers it to someone who reads that language.</summary>
    public static string NameOf(PortalLanguage language) => language switch
    {
        PortalLanguage.Polish => "Polski",
        PortalLanguage.Ukrainian => "Українська",
        _ => "English",
    };

    /// <summary>The languages other than the request's, as the language switch offers them.</summary>
    public static IEnumerable<PortalLanguage> Others(PortalLanguage current) =>
        Enum.GetValues<PortalLanguage>().Where(language => language != current);

    public Task InvokeAsync(HttpContext context)
    {
        var culture = Choose(context);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        return next(context);
    }

    private static CultureInfo Choose(HttpContext context)
    {
        var asked = context.Request.Query["lang"].ToString();
        if (Codes.Contains(asked))
        {
            context.Response.Cookies.Append(CookieName, asked, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
            });
            return CultureOf(asked);
        }

        if (InstancePath.IsMobileApi(context.Request.Path))
        {
            // The first language the app asks for that the portal speaks; "uk-UA", "uk" and "UK" all mean Ukrainian.
            var preferred = context.Request.GetTypedHeaders().AcceptLanguage
                .OrderByDescending(l => l.Quality ?? 1)
                .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
                .FirstOrDefault(code => code is not null && Codes.Contains(code));
            return CultureOf(preferred);
        }

        return CultureOf(context.Request.Cookies[CookieName]);
    }

    private static CultureInfo CultureOf(string? code) => code switch
    {
        "en" => English,
        "uk" => Ukrainian,
        _ => Polish,
    };
}
