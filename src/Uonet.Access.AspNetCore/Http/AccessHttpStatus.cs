using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Uonet.Access.AspNetCore.Http;

/// <summary>
/// The one map from the library's codes (<see cref="AccessErrorCodes"/>, <see cref="HttpErrorCodes"/>) to HTTP
/// statuses, used by everything in this package, for hosts and their pages to use too.
/// </summary>
public static class AccessHttpStatus
{
    /// <summary>
    /// The status of a refusal: session, signature and device refusals 401 (a signature that does not parse, lacks a
    /// component or whose digest differs is a malformed request: 400); a wrong PIN, <c>SignIn.NotEligible</c> and every
    /// <c>Staff.*</c> refusal 403; unknown instances, units, pupils, guardians, pairing tokens and windows 404; a pairing
    /// ticket used, closed or expired 410; 413 too large; 415 unsupported media type; <c>SignIn.LockedOut</c> 423;
    /// <c>RateLimit.Exceeded</c> 429; <c>Maintenance.Active</c> 503; <c>Server.Error</c> 500; everything else 400.
    /// </summary>
    /// <param name="code">A stable code.</param>
    public static int Of(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code switch
        {
            AccessErrorCodes.SignatureMissing or AccessErrorCodes.SignatureInvalid or AccessErrorCodes.SignatureClockSkew
                or AccessErrorCodes.SignatureReplayed or AccessErrorCodes.DeviceNotFound or AccessErrorCodes.DeviceRevoked
                => StatusCodes.Status401Unauthorized,
            _ when code.StartsWith("Session.", StringComparison.Ordinal) => StatusCodes.Status401Unauthorized,
            AccessErrorCodes.PairingWrongPin or AccessErrorCodes.SignInNotEligible => StatusCodes.Status403Forbidden,
            _ when code.StartsWith("Staff.", StringComparison.Ordinal) => StatusCodes.Status403Forbidden,
            AccessErrorCodes.PairingTokenUnknown or AccessErrorCodes.PairingWrongSymbol or AccessErrorCodes.InstanceNotFound
                or AccessErrorCodes.InstanceSymbolInvalid or AccessErrorCodes.StudentNotFound or AccessErrorCodes.GuardianNotFound
                or AccessErrorCodes.UnitNotFound or AccessErrorCodes.MaintenanceNotFound or AccessErrorCodes.PasskeyNotFound => StatusCodes.Status404NotFound,
            AccessErrorCodes.PairingAlreadyUsed or AccessErrorCodes.PairingClosed or AccessErrorCodes.PairingExpired => StatusCodes.Status410Gone,
            HttpErrorCodes.RequestTooLarge => StatusCodes.Status413PayloadTooLarge,
            HttpErrorCodes.RequestUnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
            AccessErrorCodes.SignInLockedOut => StatusCodes.Status423Locked,
            AccessErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
            AccessErrorCodes.MaintenanceActive => StatusCodes.Status503ServiceUnavailable,
            HttpErrorCodes.ServerError => StatusCodes.Status500InternalServerError,
            _ => StatusCodes.Status400BadRequest,
        };
    }

    /// <summary>
    /// The <c>Retry-After</c> a refusal carries by itself: <c>retryAfterSeconds</c> of <c>RateLimit.Exceeded</c>, the
    /// time left until <c>lockedUntil</c> of <c>SignIn.LockedOut</c> (at least one second); otherwise <see langword="null"/>.
    /// A technical break's wait comes from the schedule, not the error.
    /// </summary>
    /// <param name="error">The refusal.</param>
    /// <param name="now">The current time (from the host's <see cref="TimeProvider"/>).</param>
    public static TimeSpan? RetryAfter(AccessError error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Arguments.TryGetValue("retryAfterSeconds", out var seconds)
            && long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return TimeSpan.FromSeconds(Math.Max(1, value));
        }

        if (error.Code == AccessErrorCodes.SignInLockedOut && error.Arguments.TryGetValue("lockedUntil", out var until)
            && DateTimeOffset.TryParseExact(until, "u", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end))
        {
            return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((end - now).TotalSeconds)));
        }

        return null;
    }
}
