using System.Globalization;

namespace Uonet.Access.Credentials;

/// <summary>Keys of the attempt counters and the refusal of a client over its limit: one place, so every workflow and store agrees.</summary>
internal static class AttemptKeys
{
    public static string StartClient(string clientKey) => "start:client:" + clientKey;

    public static string StartAddress(string symbol, string email) => $"start:address:{symbol}:{email}";

    public static string SignInClient(string clientKey) => "signin:client:" + clientKey;

    public static string SignInAddress(string symbol, string email) => $"signin:address:{symbol}:{email}";

    /// <summary>The refusal of a client over its limit, with the seconds until it may try again.</summary>
    public static AccessError RateLimitError(AttemptState state, DateTimeOffset now)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(((state.LockedUntil ?? now) - now).TotalSeconds));
        return new AccessError(AccessErrorCodes.RateLimited, null, new Dictionary<string, string>
        {
            ["retryAfterSeconds"] = seconds.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>The refusal of an address locked out after too many failures, with the time the lock ends.</summary>
    public static AccessError LockedOutError(DateTimeOffset until) => new(AccessErrorCodes.SignInLockedOut, null, new Dictionary<string, string>
    {
        ["lockedUntil"] = until.ToString("u", CultureInfo.InvariantCulture),
    });
}
