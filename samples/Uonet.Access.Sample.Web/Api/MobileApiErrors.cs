using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Uonet.Access.Maintenance;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Api;

/// <summary>The library's codes as HTTP statuses, and the JSON error body of the mobile API.</summary>
internal static class MobileApiErrors
{
    /// <summary>The body is not JSON of the expected shape (the portal's own code: the library never sees such a request).</summary>
    public const string RequestMalformed = "Request.Malformed";

    /// <summary>The body is larger than any valid request (the portal's own code).</summary>
    public const string RequestTooLarge = "Request.TooLarge";

    /// <summary>Something failed that should not have (the portal's own code).</summary>
    public const string ServerError = "Server.Error";

    public static int StatusOf(string code) => code switch
    {
        AccessErrorCodes.SignatureMissing or AccessErrorCodes.SignatureInvalid or AccessErrorCodes.SignatureClockSkew
            or AccessErrorCodes.SignatureReplayed or AccessErrorCodes.DeviceNotFound or AccessErrorCodes.DeviceRevoked
            => StatusCodes.Status401Unauthorized,
        _ when code.StartsWith("Session.", StringComparison.Ordinal) => StatusCodes.Status401Unauthorized,
        AccessErrorCodes.PairingWrongPin or AccessErrorCodes.SignInNotEligible => StatusCodes.Status403Forbidden,
        AccessErrorCodes.PairingTokenUnknown or AccessErrorCodes.PairingWrongSymbol or AccessErrorCodes.InstanceNotFound
            or AccessErrorCodes.InstanceSymbolInvalid or AccessErrorCodes.StudentNotFound => StatusCodes.Status404NotFound,
        AccessErrorCodes.PairingAlreadyUsed or AccessErrorCodes.PairingClosed or AccessErrorCodes.PairingExpired => StatusCodes.Status410Gone,
        RequestTooLarge => StatusCodes.Status413PayloadTooLarge,
        AccessErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        AccessErrorCodes.MaintenanceActive => StatusCodes.Status503ServiceUnavailable,
        ServerError => StatusCodes.Status500InternalServerError,

        // Malformed requests, refused keys, signatures that do not parse, and the field errors of a registration.
        _ => StatusCodes.Status400BadRequest,
    };

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
        ServerError => PortalText.T("Wystąpił nieoczekiwany błąd serwera. Spróbuj ponownie później.", "An unexpected server error occurred. Please try again later."),
        _ => null,
    };

    private static string? RetryAfter(AccessError error) =>
        error.Arguments.TryGetValue("retryAfterSeconds", out var seconds) ? seconds : null;

    private sealed class RefusalResult(AccessError error) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var status = StatusOf(error.Code);
            httpContext.Response.StatusCode = status;
            if (status == StatusCodes.Status429TooManyRequests && RetryAfter(error) is { } seconds)
            {
                httpContext.Response.Headers.RetryAfter = seconds;
            }
            else if (status == StatusCodes.Status503ServiceUnavailable)
            {
                var schedule = httpContext.RequestServices.GetRequiredService<MaintenanceSchedule>();
                var maintenance = await schedule.GetStatusAsync(PortalPaths.Symbol(httpContext.Request.Path), httpContext.RequestAborted);
                var wait = maintenance.Active ? maintenance.RetryAfter : httpContext.RequestServices.GetRequiredService<IOptions<UonetAccessOptions>>().Value.Maintenance.DefaultRetryAfter;
                httpContext.Response.Headers.RetryAfter = ((long)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(httpContext, error);
        }
    }
}
