using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uonet.Access.Diagnostics;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Credentials;

/// <summary>
/// Changes the password of a signed-in account with its current password (ASVS 5.0 V6.2.2, V6.2.3), under the same
/// policy as the first login. The change ends every other session of the account and replaces the caller's own
/// session ticket, and a notice goes to the address, so a stolen session or password stops working at once.
/// </summary>
public sealed class PasswordChange
{
    private readonly ISchoolDirectoryStore _directory;
    private readonly IStudentRecordStore _records;
    private readonly ICredentialStore _credentials;
    private readonly SessionTickets _sessions;
    private readonly IPasswordHasher _hasher;
    private readonly PasswordPolicy _policy;
    private readonly MailComposer _mail;
    private readonly TimeProvider _time;
    private readonly SignInOptions _options;
    private readonly ILogger _logger;

    internal PasswordChange(
        ISchoolDirectoryStore directory,
        IStudentRecordStore records,
        ICredentialStore credentials,
        SessionTickets sessions,
        IPasswordHasher hasher,
        PasswordPolicy policy,
        MailComposer mail,
        TimeProvider time,
        IOptions<UonetAccessOptions> options,
        ILogger<PasswordChange>? logger = null)
    {
        _directory = directory;
        _records = records;
        _credentials = credentials;
        _sessions = sessions;
        _hasher = hasher;
        _policy = policy;
        _mail = mail;
        _time = time;
        _options = options.Value.SignIn;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Changes the password. Refusals: the session's own code when it is not valid; <see cref="AccessErrorCodes.SignInLockedOut"/>
    /// while the address is locked out; <see cref="AccessErrorCodes.PasswordCurrentInvalid"/> for a wrong current
    /// password (counted like a failed sign-in, so the form is no side door for guessing); the policy's codes for the
    /// new password; <see cref="AccessErrorCodes.AccountConflict"/> when the account changed meanwhile.
    /// </summary>
    /// <returns>The new session ticket for the caller (the old ticket and every other session of the account end).</returns>
    public async Task<AccessResult<string>> ChangeAsync(PasswordChangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.PasswordChange");
        var session = await _sessions.ValidateAsync(request.SessionTicket, cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionStatus.Valid)
        {
            return AccessResult<string>.Failure(session.Code!);
        }

        var account = session.Account!;
        var client = ClientOf(request, session.Session!);
        var now = _time.GetUtcNow();
        var addressKey = AttemptKeys.SignInAddress(account.InstanceSymbol, account.Email);
        var address = await _credentials.GetAttemptsAsync(addressKey, now, cancellationToken).ConfigureAwait(false);
        if (address.IsLocked(now))
        {
            return AccessResult<string>.Failure(AttemptKeys.LockedOutError(address.LockedUntil!.Value));
        }

        var current = request.CurrentPassword is null ? string.Empty : PasswordPolicy.Normalize(request.CurrentPassword);
        if (await _hasher.VerifyAsync(current, account.PasswordHash, cancellationToken).ConfigureAwait(false) == PasswordVerificationResult.Failed)
        {
            var failed = SecurityTrail.For(account, SecurityEventKind.SignInFailed, now, client, detail: "CurrentPassword");
            var state = await _credentials.RecordAttemptAsync(addressKey, now, _options.PerAddress, failed, cancellationToken).ConfigureAwait(false);
            SecurityTrail.Written(AttemptArithmetic.EventAfter(failed, state, now));
            return AccessResult<string>.Failure(state.IsLocked(now)
                ? AttemptKeys.LockedOutError(state.LockedUntil!.Value)
                : new AccessError(AccessErrorCodes.PasswordCurrentInvalid, "currentPassword"));
        }

        var records = await _records.FindStudentsByEmailAsync(account.InstanceSymbol, account.Email, cancellationToken).ConfigureAwait(false);
        var verdict = _policy.Validate(request.NewPassword, PasswordContext.Of(account.Email, records, session.Staff));
        if (!verdict.Succeeded)
        {
            return AccessResult<string>.Failure(verdict.Errors);
        }

        var hash = await _hasher.HashAsync(PasswordPolicy.Normalize(request.NewPassword!), cancellationToken).ConfigureAwait(false);
        now = _time.GetUtcNow();
        var changed = account with
        {
            PasswordHash = hash,
            SecurityStamp = SecretTokens.NewStamp(),
            PasswordChangedAt = now,
            SecondFactorTicket = null,
            Version = account.Version + 1,
        };
        var instance = await _directory.FindInstanceAsync(account.InstanceSymbol, cancellationToken).ConfigureAwait(false);
        var notice = instance is null ? null : _mail.Compose(MailKind.PasswordSet, instance, account.Email, request.Culture);
        var passwordChanged = SecurityTrail.For(account, SecurityEventKind.PasswordChanged, now, client);
        if (await _credentials.UpdateAccountAsync(changed, account.Version, notice, passwordChanged, cancellationToken).ConfigureAwait(false) != StoreWriteResult.Success)
        {
            return AccessResult<string>.Failure(AccessErrorCodes.AccountConflict);
        }

        SecurityTrail.Written(passwordChanged);

        // The new stamp already ends the other sessions (they validate as CredentialsChanged); the caller's own ticket
        // is revoked and replaced, so a copy of it taken before the change is worthless too (ASVS V7.2.4).
        await _credentials.ResetAttemptsAsync(addressKey, cancellationToken).ConfigureAwait(false);
        await _credentials.RevokeSessionAsync(session.Session!.Id, now, cancellationToken).ConfigureAwait(false);
        var ticket = await _sessions.IssueAsync(changed, new SessionClient(session.Session.ClientDescription, session.Session.ClientNetwork), null, cancellationToken).ConfigureAwait(false);
        LogEvents.PasswordSet(_logger, account.Id, account.InstanceSymbol, created: false);
        return AccessResult<string>.Success(ticket);
    }

    // The request's own client when the host passed one; otherwise the client the session signed in from.
    private static SessionClient ClientOf(PasswordChangeRequest request, AccessSession session) =>
        request.UserAgent is null && request.ClientAddress is null ? SessionClient.Of(session) : SessionClient.Of(request.UserAgent, request.ClientAddress);
}

/// <summary>A password change by a signed-in person.</summary>
public sealed record PasswordChangeRequest
{
    /// <summary>The session ticket of the signed-in account.</summary>
    public required string? SessionTicket { get; init; }

    /// <summary>The current password, as typed.</summary>
    public required string? CurrentPassword { get; init; }

    /// <summary>The new password, as typed.</summary>
    public required string? NewPassword { get; init; }

    /// <summary>
    /// The client's User-Agent header, or <see langword="null"/>; the trail keeps only a short description of it. With
    /// neither this nor <see cref="ClientAddress"/>, the event names the client the session signed in from.
    /// </summary>
    public string? UserAgent { get; init; }

    /// <summary>The client's IP address, or <see langword="null"/>; the trail keeps only its /24 or /48 network.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>The notice's language; <see langword="null"/> means <see cref="MailOptions.DefaultCulture"/>.</summary>
    public CultureInfo? Culture { get; init; }
}
