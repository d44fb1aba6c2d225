using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.Maintenance;

namespace Uonet.Access.AspNetCore.Maintenance;

/// <summary>
/// The default answer to a refused request: the mobile API's JSON error for the mobile API and for clients that ask
/// for JSON, a small page in the request's language for browsers, plain text for anything else (an image, a script),
/// and nothing for <c>HEAD</c>. A portal that wants its own page derives from it and overrides
/// <see cref="WritePageAsync"/>, keeping the API's contract and the rest.
/// </summary>
public class DefaultMaintenanceResponder : IMaintenanceResponder
{
    /// <inheritdoc />
    public async Task WriteAsync(HttpContext context, MaintenanceStatus status)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(status);
        var message = status.Message(HttpTexts.Culture(context)) ?? string.Empty;
        var request = context.Request;
        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        if (InstancePath.IsMobileApi(request.Path) || Wants(request, "application/json") && !Wants(request, "text/html"))
        {
            var window = status.Window!;
            var error = new AccessError(AccessErrorCodes.MaintenanceActive, null, new Dictionary<string, string>
            {
                ["message"] = window.MessagePolish,
                ["message.en"] = window.MessageEnglish,
            });
            await AccessHttpResults.WriteBodyAsync(context, error, problemDetails: false).ConfigureAwait(false);
            return;
        }

        if (!Wants(request, "text/html"))
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"{HttpTexts.Text(context, "Maintenance.Title")}: {message}\n{Again(context, status)}\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await WritePageAsync(context, status).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the page a browser gets (status 503, <c>Retry-After</c> and <c>Cache-Control: no-store</c> are set, the
    /// request's UI culture chosen): by default a small page with the message in the visitor's language.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="status">The break in force.</param>
    protected virtual async Task WritePageAsync(HttpContext context, MaintenanceStatus status)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(status);
        var culture = HttpTexts.Culture(context);
        var message = status.Message(culture) ?? string.Empty;
        var title = HttpTexts.Text(context, "Maintenance.Title");
        var again = Again(context, status);
        var html = HtmlEncoder.Default;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{HttpTexts.Texts(context).LanguageTag(culture)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.Encode(title)}</title></head>
            <body><main id="maintenance"><h1>{html.Encode(title)}</h1><p class="message">{html.Encode(message)}</p><p>{html.Encode(again)}</p></main></body>
            </html>
            """, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Again(HttpContext context, MaintenanceStatus status)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(status.RetryAfter.TotalMinutes));
        return HttpTexts.Text(context, "Maintenance.TryAgain", new Dictionary<string, string> { ["minutes"] = minutes.ToString(CultureInfo.InvariantCulture) });
    }

    private static bool Wants(HttpRequest request, string mediaType)
    {
        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept))
        {
            return mediaType == "text/html";
        }

        return MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var types)
            && types.Any(t => t.Quality is null or > 0 && (t.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)
                || (mediaType == "text/html" && t.MediaType.Equals("*/*", StringComparison.Ordinal))));
    }
}
