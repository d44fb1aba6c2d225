using System.Globalization;
using System.Text.Encodings.Web;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;
using Uonet.Access.Sample.Web.Api;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>
/// A technical break (R10) answers 503 with <c>Retry-After</c> and the administrator's message: a page for people,
/// the JSON error for the mobile API. The instance's administrators, signed in, pass, so they can end it.
/// </summary>
internal sealed class MaintenanceGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, MaintenanceSchedule schedule)
    {
        var symbol = PortalPaths.Symbol(context.Request.Path);
        var status = await schedule.GetStatusAsync(symbol, context.RequestAborted);
        if (!status.Active || IsAdministrator(context))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((long)status.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        if (PortalPaths.IsMobileApi(context.Request.Path))
        {
            await MobileApiErrors.WriteAsync(context, MobileApiErrors.Maintenance(status.Window!));
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Page(status, context.Request.Path, context.RequestServices.GetRequiredService<HtmlEncoder>()));
    }

    // The standing the library validated with the session, so a member whose roles were taken away is held like anyone.
    private static bool IsAdministrator(HttpContext context) =>
        context.Features.Get<PortalSession>()?.Staff?.Has(StaffRole.Administrator) == true;

    private static string Page(MaintenanceStatus status, PathString path, HtmlEncoder html)
    {
        var culture = CultureInfo.CurrentUICulture;
        var title = PortalText.T("Przerwa techniczna", "Technical break");
        var end = status.Window!.ExpectedEndAt is { } at
            ? "<p>" + html.Encode(PortalText.T("Przewidywany koniec: ", "Expected to end: ") + PortalClock.Show(at)) + "</p>"
            : string.Empty;
        var other = PortalText.T("English", "Polski");
        var otherLang = PortalText.T("en", "pl");
        return $"""
            <!DOCTYPE html>
            <html lang="{PortalText.T("pl", "en")}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{html.Encode(title)}</title><link rel="stylesheet" href="/css/portal.css"></head>
            <body><main class="page maintenance" id="maintenance">
            <h1>{html.Encode(title)}</h1>
            <p class="message">{html.Encode(status.Message(culture) ?? string.Empty)}</p>
            {end}
            <p>{html.Encode(PortalText.T("Spróbuj ponownie za chwilę. Nie trzeba czyścić ciasteczek.", "Please try again shortly. There is no need to clear cookies."))}</p>
            <p><a href="{html.Encode(path + "?lang=" + otherLang)}" lang="{otherLang}">{other}</a></p>
            </main>
            <footer class="bottom"><ul><li><a href="/deklaracja-dostepnosci">{html.Encode(PortalText.T("Deklaracja dostępności", "Accessibility statement"))}</a></li></ul></footer>
            </body></html>
            """;
    }
}
