using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Diagnostics;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.Sessions;

/// <summary>
/// Session tickets: opaque strings the host keeps in a cookie. A ticket names a stored session (so one session or all
/// of an account's can be ended) and carries a format generation, so that tickets of an earlier deploy come back
/// <see cref="SessionStatus.Stale"/> — to be dropped quietly — instead of as errors (R10).
/// </summary>
public sealed class SessionTickets
{
    private const int SecretBytes = 32;

    private readonly ICredentialStore _credentials;
    private readonly PupilResolver _resolver;
    private readonly IPasswordHasher _hasher;
    private readonly SecondFactorCheck _secondFactor;
    private readonly TimeProvider _time;
    private readonly SessionOptions _options;
    private readonly SignInOptions _signIn;
    private readonly ILogger _logger;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public SessionTickets(ICredentialStore credentials, PupilResolver resolver, IPasswordHasher hasher, TimeProvider time, IOptions<UonetAccessOptions> options, ILogger<SessionTickets>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _hasher = hasher ?? throw new ArgumentNullException(nameof(hasher));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value.Sessions;
        _signIn = options.Value.SignIn;
        _secondFactor = new SecondFactorCheck(credentials, time, _signIn);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Checks a ticket on a request: <see cref="SessionStatus.Valid"/> with the account and the pupils it sees now
    /// (derived from the records on every call, R5, R8); <see cref="SessionStatus.Stale"/> for a ticket of another
    /// generation or an unreadable one (drop the cookie and show the sign-in page, no error, R10);
    /// <see cref="SessionStatus.Revoked"/> with a code saying why (signed out, expired, credentials changed, account
    /// closed, no longer eligible).
    /// </summary>
    public async Task<SessionValidation> ValidateAsync(string? ticket, CancellationToken cancellationToken = default)
    {
        if (!TryParse(ticket, out var generation, out var sessionId, out var secret) || generation != _options.Generation)
        {
            return SessionValidation.Stale();
        }

        var snapshot = await ReadSnapshotAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return SessionValidation.Stale();
        }

        var (session, account, sources) = snapshot;
        if (!SecretTokens.HashesEqual(session.SecretHash, SecretTokens.Hash(secret)))
        {
            return SessionValidation.Revoked(AccessErrorCodes.SessionSignedOut);
        }

        var now = _time.GetUtcNow();
        if (session.RevokedAt is not null)
        {
            // Closing an account revokes its sessions too (R9): the user is told the account was closed, not that they signed out.
            return SessionValidation.Revoked(account is null || account.Status == AccountStatus.Closed ? AccessErrorCodes.SessionAccountClosed : AccessErrorCodes.SessionSignedOut);
        }

        if (session.ExpiresAt <= now || session.LastSeenAt + _options.IdleTimeout <= now)
        {
            return SessionValidation.Revoked(AccessErrorCodes.SessionExpired);
        }

        if (account is null || account.Status == AccountStatus.Closed)
        {
            return SessionValidation.Revoked(AccessErrorCodes.SessionAccountClosed);
        }

        if (!SecretTokens.HashesEqual(account.SecurityStamp, session.SecurityStamp))
        {
            return SessionValidation.Revoked(AccessErrorCodes.SessionCredentialsChanged);
        }

        var standing = PupilResolver.StandingOf(account.Email, sources);
        if (!standing.MaySignIn)
        {
            return SessionValidation.Revoked(AccessErrorCodes.SessionNotEligible);
        }

        // Last-seen moves at most once a minute: idle timeout needs minutes, not a write per request.
        if (now - session.LastSeenAt >= TimeSpan.FromMinutes(1))
        {
            await _credentials.TouchSessionAsync(session.Id, now, cancellationToken).ConfigureAwait(false);
        }

        return new SessionValidation(SessionStatus.Valid, null, account, session, standing.Pupils) { Staff = standing.Staff };
    }

    /// <summary>
    /// The session, its account and what the account sees, in one round trip where the store can (see
    /// <see cref="IRequestSnapshotStore"/>), otherwise read one by one.
    /// </summary>
    private async Task<SessionSnapshot?> ReadSnapshotAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (_credentials is IRequestSnapshotStore snapshots)
        {
            return await snapshots.ReadSessionSnapshotAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }

        var session = await _credentials.FindSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return null;
        }

        var account = await _credentials.FindAccountByIdAsync(session.AccountId, cancellationToken).ConfigureAwait(false);
        var sources = account is null
            ? StandingSources.None
            : await _resolver.ReadSourcesAsync(account.InstanceSymbol, account.Email, withStaff: true, cancellationToken).ConfigureAwait(false);
        return new SessionSnapshot(session, account, sources);
    }

    /// <summary>
    /// Lists the active sessions of the ticket's account, newest first, with when each began and was last used, the
    /// client (browser and system) and its network cut to /24 or /48, and which one is the caller's (ASVS 5.0 7.5.2).
    /// Refused with the session's own code when the ticket is not valid.
    /// </summary>
    public async Task<AccessResult<IReadOnlyList<SessionSummary>>> ListAsync(string? ticket, CancellationToken cancellationToken = default)
    {
        var validation = await ValidateAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (validation.Status != SessionStatus.Valid)
        {
            return AccessResult<IReadOnlyList<SessionSummary>>.Failure(validation.Code!);
        }

        return AccessResult<IReadOnlyList<SessionSummary>>.Success(await SummarizeAsync(validation, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The active sessions of a validated session's account, as <see cref="ListAsync"/> shows them.</summary>
    internal async Task<IReadOnlyList<SessionSummary>> SummarizeAsync(SessionValidation validation, CancellationToken cancellationToken)
    {
        var account = validation.Account!;
        var current = validation.Session!.Id;
        return [.. (await ActiveSessionsAsync(account, cancellationToken).ConfigureAwait(false)).Select(s => new SessionSummary
        {
            Id = s.Id,
            CreatedAt = s.CreatedAt,
            LastSeenAt = s.Id == current ? _time.GetUtcNow() : s.LastSeenAt,
            ClientDescription = s.ClientDescription,
            ClientNetwork = s.ClientNetwork,
            IsCurrent = s.Id == current,
        })];
    }

    /// <summary>
    /// Ends one session of the ticket's account. The caller's own session ends with nothing more (sign out); another
    /// session needs <paramref name="proof"/> that the holder is at the keyboard (ASVS 5.0 7.5.1): the password, or
    /// with the second factor on a TOTP or recovery code. A wrong proof counts toward the address's lockout as a wrong
    /// password does at sign-in. Refusals: the session's own code when the ticket is not valid;
    /// <see cref="AccessErrorCodes.SessionNotFound"/> for an id that is no active session of this account (another
    /// account's alike); <see cref="AccessErrorCodes.SessionReauthenticationRequired"/> without a proof;
    /// <see cref="AccessErrorCodes.PasswordCurrentInvalid"/> or <see cref="AccessErrorCodes.TotpCodeInvalid"/> for a
    /// wrong one; <see cref="AccessErrorCodes.SignInLockedOut"/> while the address is locked.
    /// </summary>
    public async Task<AccessResult> EndAsync(string? ticket, Guid sessionId, SessionEndProof? proof = null, CancellationToken cancellationToken = default)
    {
        var validation = await ValidateAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (validation.Status != SessionStatus.Valid)
        {
            return AccessResult.Failure(validation.Code!);
        }

        var account = validation.Account!;
        var client = SessionClient.Of(validation.Session!);
        if (sessionId == validation.Session!.Id)
        {
            var own = SecurityTrail.For(account, SecurityEventKind.SessionEnded, _time.GetUtcNow(), client);
            await _credentials.RevokeSessionAsync(sessionId, _time.GetUtcNow(), own, cancellationToken).ConfigureAwait(false);
            SecurityTrail.Written(own);
            LogEvents.SessionsEnded(_logger, account.Id, 1);
            return AccessResult.Success();
        }

        if (!(await ActiveSessionsAsync(account, cancellationToken).ConfigureAwait(false)).Any(s => s.Id == sessionId))
        {
            return AccessResult.Failure(new AccessError(AccessErrorCodes.SessionNotFound, "sessionId"));
        }

        if (await ReauthenticateAsync(account, proof, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return AccessResult.Failure(refusal);
        }

        var other = SecurityTrail.For(account, SecurityEventKind.SessionEnded, _time.GetUtcNow(), client, detail: "Other");
        await _credentials.RevokeSessionAsync(sessionId, _time.GetUtcNow(), other, cancellationToken).ConfigureAwait(false);
        SecurityTrail.Written(other);
        LogEvents.SessionsEnded(_logger, account.Id, 1);
        return AccessResult.Success();
    }

    /// <summary>Ends the session of a ticket (sign out). Unknown or stale tickets are ignored.</summary>
    public async Task SignOutAsync(string? ticket, CancellationToken cancellationToken = default)
    {
        if (TryParse(ticket, out _, out var sessionId, out var secret)
            && await _credentials.FindSessionAsync(sessionId, cancellationToken).ConfigureAwait(false) is { } session
            && SecretTokens.HashesEqual(session.SecretHash, SecretTokens.Hash(secret)))
        {
            var ended = session.RevokedAt is null ? SecurityTrail.For(session.AccountId, session.InstanceSymbol, SecurityEventKind.SessionEnded, _time.GetUtcNow(), SessionClient.Of(session)) : null;
            await _credentials.RevokeSessionAsync(sessionId, _time.GetUtcNow(), ended, cancellationToken).ConfigureAwait(false);
            SecurityTrail.Written(ended);
        }
    }

    /// <summary>
    /// Ends every session of the ticket's account, this one included, by rotating the security stamp and revoking the
    /// stored sessions ("sign out everywhere").
    /// </summary>
    public async Task<AccessResult> SignOutEverywhereAsync(string? ticket, CancellationToken cancellationToken = default)
    {
        var validation = await ValidateAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (validation.Status != SessionStatus.Valid)
        {
            return AccessResult.Failure(validation.Code!);
        }

        return await EndAllSessionsAsync(validation.Account!, SessionClient.Of(validation.Session!), cancellationToken).ConfigureAwait(false);
    }

    internal async Task<AccessResult> EndAllSessionsAsync(Account account, SessionClient client, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var current = account;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var written = await _credentials.UpdateAccountAsync(current with { SecurityStamp = SecretTokens.NewStamp(), SecondFactorTicket = null, Version = current.Version + 1 }, current.Version, null, cancellationToken).ConfigureAwait(false);
            if (written == StoreWriteResult.Success)
            {
                var ended = SecurityTrail.For(account, SecurityEventKind.SessionEnded, now, client, detail: "Everywhere");
                var count = await _credentials.RevokeAccountSessionsAsync(account.Id, now, ended, cancellationToken).ConfigureAwait(false);
                SecurityTrail.Written(ended);
                LogEvents.SessionsEnded(_logger, account.Id, count);
                return AccessResult.Success();
            }

            current = await _credentials.FindAccountByIdAsync(account.Id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return AccessResult.Failure(AccessErrorCodes.SessionAccountClosed);
            }
        }

        return AccessResult.Failure(AccessErrorCodes.AccountConflict);
    }

    internal async Task<string> IssueAsync(Account account, CancellationToken cancellationToken) =>
        await IssueAsync(account, null, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Starts a session for <paramref name="client"/>, appending <paramref name="signedIn"/> (if any) to the trail in the same store call.</summary>
    internal async Task<string> IssueAsync(Account account, SessionClient? client, SecurityEvent? signedIn, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var session = new AccessSession
        {
            Id = Guid.CreateVersion7(now),
            SecretHash = SecretTokens.Hash(secret),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            SecurityStamp = account.SecurityStamp,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + _options.AbsoluteLifetime,
            ClientDescription = client?.Description,
            ClientNetwork = client?.Network,
        };
        await _credentials.CreateSessionAsync(session, signedIn, cancellationToken).ConfigureAwait(false);
        SecurityTrail.Written(signedIn);
        LogEvents.SessionStarted(_logger, session.Id, account.Id);
        return string.Create(CultureInfo.InvariantCulture, $"{_options.Generation}.{session.Id:N}.{secret}");
    }

    // The sessions a ticket of the account could still use: not ended, not expired or idle, of the current stamp.
    private async Task<IEnumerable<AccessSession>> ActiveSessionsAsync(Account account, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var stored = await _credentials.ListAccountSessionsAsync(account.Id, now, cancellationToken).ConfigureAwait(false);
        return stored.Where(s => s.AccountId == account.Id
            && s.LastSeenAt + _options.IdleTimeout > now
            && SecretTokens.HashesEqual(account.SecurityStamp, s.SecurityStamp));
    }

    /// <summary>
    /// A fresh check that the holder is at the keyboard (ASVS 5.0 7.5.1): the password, or with the second factor on a
    /// TOTP or recovery code. <see langword="null"/> when it holds, else the refusal (a wrong proof counts toward the
    /// address's lockout).
    /// </summary>
    internal async Task<AccessError?> ReauthenticateAsync(Account account, SessionEndProof? proof, CancellationToken cancellationToken)
    {
        if (account.TotpSecret is not null)
        {
            if (string.IsNullOrWhiteSpace(proof?.TotpCode) && string.IsNullOrWhiteSpace(proof?.RecoveryCode))
            {
                return new AccessError(AccessErrorCodes.SessionReauthenticationRequired, "totpCode");
            }

            var (used, error, _) = await _secondFactor.CheckAsync(account, SecondFactorCode.Of(proof.TotpCode, proof.RecoveryCode), proof.ClientKey, new AccessError(AccessErrorCodes.TotpCodeInvalid, "totpCode"), cancellationToken).ConfigureAwait(false);
            if (used is null)
            {
                return error;
            }

            // Written so the code counts as used (single use under races, like every other code check).
            return await _credentials.UpdateAccountAsync(used, account.Version, null, cancellationToken).ConfigureAwait(false) == StoreWriteResult.Success
                ? null
                : new AccessError(AccessErrorCodes.AccountConflict);
        }

        if (string.IsNullOrEmpty(proof?.Password))
        {
            return new AccessError(AccessErrorCodes.SessionReauthenticationRequired, "password");
        }

        var now = _time.GetUtcNow();
        var addressKey = AttemptKeys.SignInAddress(account.InstanceSymbol, account.Email);
        var address = await _credentials.GetAttemptsAsync(addressKey, now, cancellationToken).ConfigureAwait(false);
        if (address.IsLocked(now))
        {
            return AttemptKeys.LockedOutError(address.LockedUntil!.Value);
        }

        if (await _hasher.VerifyAsync(PasswordPolicy.Normalize(proof.Password), account.PasswordHash, cancellationToken).ConfigureAwait(false) != PasswordVerificationResult.Failed)
        {
            await _credentials.ResetAttemptsAsync(addressKey, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (!string.IsNullOrEmpty(proof.ClientKey))
        {
            await _credentials.RecordAttemptAsync(AttemptKeys.SignInClient(proof.ClientKey), now, _signIn.PerClient, cancellationToken).ConfigureAwait(false);
        }

        var state = await _credentials.RecordAttemptAsync(addressKey, now, _signIn.PerAddress, cancellationToken).ConfigureAwait(false);
        return state.IsLocked(now) ? AttemptKeys.LockedOutError(state.LockedUntil!.Value) : new AccessError(AccessErrorCodes.PasswordCurrentInvalid, "password");
    }

    // Ticket: "<generation>.<session id, 32 hex>.<secret, 43 base64url>". Anything else is unreadable.
    private static bool TryParse(string? ticket, out int generation, out Guid sessionId, out string secret)
    {
        generation = 0;
        sessionId = Guid.Empty;
        secret = string.Empty;
        if (ticket is null || ticket.Length > 128)
        {
            return false;
        }

        var parts = ticket.Split('.');
        if (parts.Length != 3
            // int.TryParse ignores trailing NUL characters, so the digits are checked first: a ticket has one spelling.
            || parts[0].Length is 0 or > 9
            || !parts[0].All(char.IsAsciiDigit)
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out generation)
            || parts[1].Length != 32
            || !parts[1].All(char.IsAsciiHexDigit)
            || !Guid.TryParseExact(parts[1], "N", out sessionId)
            || !SecretTokens.HasTokenShape(parts[2], SecretBytes))
        {
            return false;
        }

        secret = parts[2];
        return true;
    }
}

/// <summary>What a ticket is worth on this request.</summary>
public enum SessionStatus
{
    /// <summary>The session is live; the request is the account's.</summary>
    Valid = 0,

    /// <summary>The ticket is from another format generation or unreadable: drop it quietly and show the sign-in page (R10).</summary>
    Stale = 1,

    /// <summary>The session ended; sign the user out with the message of <see cref="SessionValidation.Code"/>.</summary>
    Revoked = 2,
}

/// <summary>The result of <see cref="SessionTickets.ValidateAsync"/>.</summary>
/// <param name="Status">Valid, Stale or Revoked.</param>
/// <param name="Code">For Stale and Revoked, why (an <see cref="AccessErrorCodes"/> <c>Session.*</c> code).</param>
/// <param name="Account">For Valid, the account.</param>
/// <param name="Session">For Valid, the session.</param>
/// <param name="Pupils">For Valid, the pupils the account sees now.</param>
public sealed record SessionValidation(SessionStatus Status, string? Code, Account? Account, AccessSession? Session, IReadOnlyList<VisiblePupil> Pupils)
{
    /// <summary>For Valid, the staff member the account belongs to (roles for the host's staff area), or <see langword="null"/>.</summary>
    public StaffMember? Staff { get; init; }

    internal static SessionValidation Stale() => new(SessionStatus.Stale, AccessErrorCodes.SessionStale, null, null, []);

    internal static SessionValidation Revoked(string code) => new(SessionStatus.Revoked, code, null, null, []);
}
