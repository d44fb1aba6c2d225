using System.Globalization;
using System.Text.Encodings.Web;
using Uonet.Access.AspNetCore.Maintenance;
using Uonet.Access.Maintenance;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>
/// The portal's own page for a technical break (R10), in its look and with the expected end and a language switch;
/// the package answers everything else (the mobile API's JSON, status, <c>Retry-After</c>, who passes).
/// </summary>
internal sealed class MaintenancePage(HtmlEncoder html) : DefaultMaintenanceResponder
{
    protected override Task WritePageAsync(HttpContext context, MaintenanceStatus status)
    {
        var title = PortalText.T("Przerwa techniczna", "Technical break", "Технічна перерва");
        var end = status.Window!.ExpectedEndAt is { } at
            ? "<p>" + html.Encode(PortalText.T("Przewidywany koniec: ", "Expected to end: ", "Очікуване завершення: ") + PortalClock.Show(at)) + "</p>"
            : string.Empty;
        var switchTo = string.Concat(PortalCulture.Others(PortalText.Language).Select(other =>
        {
            var code = PortalCulture.CodeOf(other);
            return $"""<li><a href="{html.Encode(context.Request.Path + "?lang=" + code)}" lang="{code}" hreflang="{code}">{html.Encode(PortalCulture.NameOf(other))}</a></li>""";
        }));
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{PortalCulture.CodeOf(PortalText.Language)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{html.Encode(title)}</title><link rel="stylesheet" href="/css/portal.css"></head>
            <body><main class="page maintenance" id="maintenance">
            <h1>{html.Encode(title)}</h1>
            <p class="message">{html.Encode(status.Message(CultureInfo.CurrentUICulture) ?? string.Empty)}</p>
            {end}
            <p>{html.Encode(PortalText.T("Spróbuj ponownie za chwilę. Nie trzeba czyścić ciasteczek.", "Please try again shortly. There is no need to clear cookies.", "Спробуйте ще раз трохи згодом. Очищати файли cookie не потрібно."))}</p>
            <ul class="languages">{switchTo}</ul>
            </main>
            <footer class="bottom"><ul><li><a href="/deklaracja-dostepnosci">{html.Encode(PortalText.T("Deklaracja dostępności", "Accessibility statement", "Декларація доступності"))}</a></li></ul></footer>
            </body></html>
            """, context.RequestAborted);
    }
}
