using System.Globalization;

namespace Uonet.Access.Client;

/// <summary>
/// A refusal of the mobile API (its body <c>{"code","message","field","arguments"}</c>), or the client's own
/// <c>Client.*</c> code when no such answer came. Decide on <see cref="Code"/> (<see cref="ClientErrorCodes"/>);
/// show <see cref="Message"/>.
/// </summary>
public sealed record ClientError
{
    /// <summary>The stable code, e.g. <c>Device.Revoked</c>.</summary>
    public required string Code { get; init; }

    /// <summary>A text for people, in the language of <see cref="MobileApiClient.Culture"/> (Polish, English or Ukrainian).</summary>
    public required string Message { get; init; }

    /// <summary>The request field the error is about, e.g. <c>pin</c>; <see langword="null"/> when none.</summary>
    public string? Field { get; init; }

    /// <summary>The error's arguments as the server gave them, e.g. <c>remainingTries</c> or <c>reason</c>.</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; init; } = new Dictionary<string, string>();

    /// <summary>The HTTP status of the answer; <see langword="null"/> when the server was not reached.</summary>
    public int? StatusCode { get; init; }

    /// <summary>How long to wait before trying again (<c>Retry-After</c> of a 429 or 503); <see langword="null"/> when not given.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>What failed underneath for <see cref="ClientErrorCodes.ClientUnreachable"/>, for logs; never shown to people.</summary>
    public Exception? Exception { get; init; }

    /// <summary>
    /// Why the device was unregistered when <see cref="Code"/> is <see cref="ClientErrorCodes.DeviceRevoked"/>
    /// (<see cref="DeviceRevocationReason.Unknown"/> for a reason this client does not know); else <see langword="null"/>.
    /// </summary>
    public DeviceRevocationReason? RevocationReason =>
        Code != ClientErrorCodes.DeviceRevoked ? null
        : Arguments.TryGetValue("reason", out var reason) && Enum.GetNames<DeviceRevocationReason>().Contains(reason, StringComparer.Ordinal)
            ? Enum.Parse<DeviceRevocationReason>(reason)
            : DeviceRevocationReason.Unknown;

    /// <summary>
    /// Whether the device must register again with a new pairing code: it was unregistered (<see cref="RevocationReason"/>
    /// says why, R9) or the server no longer knows it.
    /// </summary>
    public bool MustRegisterAgain => Code is ClientErrorCodes.DeviceRevoked or ClientErrorCodes.DeviceNotFound;

    /// <summary>PIN tries left on the ticket after <see cref="ClientErrorCodes.PairingWrongPin"/> (0: ask for a new code); else <see langword="null"/>.</summary>
    public int? RemainingTries =>
        Code == ClientErrorCodes.PairingWrongPin
        && Arguments.TryGetValue("remainingTries", out var tries)
        && int.TryParse(tries, NumberStyles.None, CultureInfo.InvariantCulture, out var remaining)
            ? remaining
            : null;
}
