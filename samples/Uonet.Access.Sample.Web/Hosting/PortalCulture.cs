using System.Globalization;
using Uonet.Access.AspNetCore.Http;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>
/// Polish by default, English on request: <c>?lang=en</c> (remembered in a cookie) for pages, <c>Accept-Language</c> for
/// the mobile API. The library's messages follow the culture set here (<c>AccessError.Describe</c>).
/// </summary>
internal sealed class PortalCulture(RequestDelegate next)
{
    public const string CookieName = "uonet-lang";

    public static readonly CultureInfo Polish = CultureInfo.GetCultureInfo("pl-PL");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

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
        if (asked is "pl" or "en")
        {
            context.Response.Cookies.Append(CookieName, asked, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
            });
            return asked == "en" ? English : Polish;
        }

        if (InstancePath.IsMobileApi(context.Request.Path))
        {
            var preferred = context.Request.GetTypedHeaders().AcceptLanguage
                .OrderByDescending(l => l.Quality ?? 1)
                .FirstOrDefault();
            return preferred is not null && preferred.Value.Value?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? English : Polish;
        }

        return context.Request.Cookies[CookieName] == "en" ? English : Polish;
    }
}
