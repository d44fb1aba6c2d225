using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Uonet.Access.Maintenance;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Api;

/// <summary>The JSON error body of the mobile API and the portal's own codes; statuses come from <see cref="RefusalStatus"/>.</summary>
internal static class MobileApiErrors
{
    /// <summary>The body is not JSON of the expected shape (the portal's own code: the library never sees such a request).</summary>
    public const string RequestMalformed = "Request.Malformed";

    /// <summary>The body is larger than any valid request (the portal's own code).</summary>
    public const string RequestTooLarge = "Request.TooLarge";

    /// <summary>The body is not declared as <c>application/json</c> (the portal's own code).</summary>
    public const string RequestUnsupportedMediaType = "Request.UnsupportedMediaType";

    /// <summary>Something failed that should not have (the portal's own code).</summary>
    public const string ServerError = "Server.Error";

    public static AccessError Maintenance(MaintenanceWindow window) => new(AccessErrorCodes.MaintenanceActive, null, new Dictionary<string, string>
    {
        ["message"] = window.MessagePolish,
        ["message.en"] = window.MessageEnglish,
    });

    /// <summary>The answer for a refusal: its status, <c>Retry-After</c> where one applies, and the error body.</summary>
    public static IResult Refusal(AccessError error) => new RefusalResult(error);

    public static async Task WriteAsync(HttpContext context, AccessError error)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, Body(error), options, context.RequestAborted);
    }

    private static MobileError Body(AccessError error) =>
        new(error.Code, OwnMessage(error.Code) ?? error.Describe(CultureInfo.CurrentUICulture), error.Field, error.Arguments);

    private static string? OwnMessage(string code) => code switch
    {
        RequestMalformed => PortalText.T("Treść żądania nie jest poprawnym JSON-em o oczekiwanych polach.", "The request body is not JSON with the expected fields."),
        RequestTooLarge => PortalText.T("Treść żądania jest za duża.", "The request body is too large."),
        RequestUnsupportedMediaType => PortalText.T("Treść żądania musi być wysłana jako application/json.", "The request body must be sent as application/json."),
        ServerError => PortalText.T("Wystąpił nieoczekiwany błąd serwera. Spróbuj ponownie później.", "An unexpected server error occurred. Please try again later."),
        _ => null,
    };

    private sealed class RefusalResult(AccessError error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            RefusalStatus.Answer(httpContext, error, StatusCodes.Status400BadRequest);
            return WriteAsync(httpContext, error);
        }
    }
}
