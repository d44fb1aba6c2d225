using System.Globalization;
using Microsoft.Extensions.Options;
using Uonet.Access.Maintenance;
using Uonet.Access.Sample.Web.Api;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>
/// The HTTP status of a refusal, by its code: one map for the pages and the mobile API, so that a code means the same
/// status wherever the portal answers it, with <c>Retry-After</c> where the client should wait.
/// </summary>
internal static class RefusalStatus
{
    /// <summary>
    /// The status the code maps to, or <see langword="null"/> for a refusal of what was typed or sent (a page shows its
    /// form again with 200, the mobile API answers 400).
    /// </summary>
    /// <remarks>
    /// The role and lockout codes (<c>Staff.*</c>, <c>SignIn.LockedOut</c>) come only from pages: the mobile API calls
    /// only device registration and request verification, which never answer them, so its statuses are those of
    /// <c>wwwroot/openapi.json</c>.
    /// </remarks>
    public static int? Of(string code) => code switch
    {
        AccessErrorCodes.SignatureMissing or AccessErrorCodes.SignatureInvalid or AccessErrorCodes.SignatureClockSkew
            or AccessErrorCodes.SignatureReplayed or AccessErrorCodes.DeviceNotFound or AccessErrorCodes.DeviceRevoked
            => StatusCodes.Status401Unauthorized,
        _ when code.StartsWith("Session.", StringComparison.Ordinal) => StatusCodes.Status401Unauthorized,
        AccessErrorCodes.PairingWrongPin or AccessErrorCodes.SignInNotEligible
            or AccessErrorCodes.StaffNotFound or AccessErrorCodes.StaffNotAllowed or AccessErrorCodes.StaffOtherUnit
            or AccessErrorCodes.StaffOtherClass or AccessErrorCodes.StaffClassChangeNotAllowed => StatusCodes.Status403Forbidden,
        AccessErrorCodes.PairingTokenUnknown or AccessErrorCodes.PairingWrongSymbol or AccessErrorCodes.InstanceNotFound
            or AccessErrorCodes.InstanceSymbolInvalid or AccessErrorCodes.StudentNotFound => StatusCodes.Status404NotFound,
        AccessErrorCodes.PairingAlreadyUsed or AccessErrorCodes.PairingClosed or AccessErrorCodes.PairingExpired => StatusCodes.Status410Gone,
        MobileApiErrors.RequestTooLarge => StatusCodes.Status413PayloadTooLarge,
        MobileApiErrors.RequestUnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        AccessErrorCodes.SignInLockedOut => StatusCodes.Status423Locked,
        AccessErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        AccessErrorCodes.MaintenanceActive => StatusCodes.Status503ServiceUnavailable,
        MobileApiErrors.ServerError => StatusCodes.Status500InternalServerError,
        _ => null,
    };

    /// <summary>
    /// Sets the response's status for <paramref name="error"/> (<paramref name="otherwise"/> when its code maps to none)
    /// and <c>Retry-After</c> for a rate limit, a locked address and a technical break.
    /// </summary>
    public static void Answer(HttpContext context, AccessError error, int otherwise)
    {
        var status = Of(error.Code) ?? otherwise;
        context.Response.StatusCode = status;
        switch (status)
        {
            case StatusCodes.Status429TooManyRequests when error.Arguments.TryGetValue("retryAfterSeconds", out var seconds):
                context.Response.Headers.RetryAfter = seconds;
                break;
            case StatusCodes.Status423Locked when LockSeconds(context, error) is { } seconds:
                context.Response.Headers.RetryAfter = seconds;
                break;
            case StatusCodes.Status503ServiceUnavailable:
                // The break's expected end is read from the schedule, which is asynchronous; headers are still open then.
                context.Response.OnStarting(() => SetBreakRetryAfterAsync(context));
                break;
        }
    }

    /// <summary>Whole seconds until the lock of <c>lockedUntil</c> ends, at least 1.</summary>
    private static string? LockSeconds(HttpContext context, AccessError error)
    {
        if (!error.Arguments.TryGetValue("lockedUntil", out var text)
            || !DateTimeOffset.TryParseExact(text, "u", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
        {
            return null;
        }

        var left = until - context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return Math.Max(1, (long)Math.Ceiling(left.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    private static async Task SetBreakRetryAfterAsync(HttpContext context)
    {
        var schedule = context.RequestServices.GetRequiredService<MaintenanceSchedule>();
        var maintenance = await schedule.GetStatusAsync(PortalPaths.Symbol(context.Request.Path), context.RequestAborted);
        var wait = maintenance.Active ? maintenance.RetryAfter : context.RequestServices.GetRequiredService<IOptions<UonetAccessOptions>>().Value.Maintenance.DefaultRetryAfter;
        context.Response.Headers.RetryAfter = ((long)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }
}
