using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.SecurityEvents;

/// <summary>
/// What the account holder sees of their own security trail: the latest sign-ins, failures, password and second-factor
/// changes, devices and sessions (ASVS 5.0 V7.5.3: the user can see their recent authentication activity).
/// </summary>
public sealed class AccountActivity
{
    /// <summary>How many events the holder sees.</summary>
    public const int VisibleCount = 30;

    private readonly SessionTickets _sessions;
    private readonly ICredentialStore _credentials;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public AccountActivity(SessionTickets sessions, ICredentialStore credentials)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
    }

    /// <summary>The last <see cref="VisibleCount"/> events of the ticket's account, newest first.</summary>
    /// <param name="sessionTicket">The session ticket of the signed-in account.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The events, or the session's refusal code.</returns>
    public async Task<AccessResult<IReadOnlyList<SecurityEvent>>> ListAsync(string? sessionTicket, CancellationToken cancellationToken = default)
    {
        var session = await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionStatus.Valid)
        {
            return AccessResult<IReadOnlyList<SecurityEvent>>.Failure(session.Code!);
        }

        var events = await _credentials.ListSecurityEventsAsync(session.Account!.Id, VisibleCount, cancellationToken).ConfigureAwait(false);
        return AccessResult<IReadOnlyList<SecurityEvent>>.Success(events);
    }
}
