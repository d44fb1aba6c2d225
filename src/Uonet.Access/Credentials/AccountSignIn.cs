using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Uonet.Access.Diagnostics;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Credentials;

/// <summary>
/// Sign-in by e-mail and password (R3), in two steps when the account has a second factor: the password step answers
/// with a single-use second-factor ticket (never the password, which the host need not keep), and
/// <see cref="CompleteSecondFactorAsync"/> finishes with the code. An unknown address costs the same hash as a known
/// one; failures (wrong passwords and wrong codes alike) count per address (known or not) and per client key in the
/// store, so limits hold across web nodes; a hash made with older parameters is upgraded on success. The password is
/// hashed exactly once per sign-in.
/// </summary>
public sealed class AccountSignIn
{
    private readonly ISchoolDirectoryStore _directory;
    private readonly ICredentialStore _credentials;
    private readonly PupilResolver _resolver;
    private readonly IPasswordHasher _hasher;
    private readonly SessionTickets _sessions;
    private readonly TimeProvider _time;
    private readonly SignInOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<Task<string>> _dummyHash;
    private readonly Maintenance.MaintenanceSchedule _maintenance;
    private readonly SecondFactorCheck _secondFactor;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public AccountSignIn(
        ISchoolDirectoryStore directory,
        ICredentialStore credentials,
        PupilResolver resolver,
        IPasswordHasher hasher,
        SessionTickets sessions,
        Maintenance.MaintenanceSchedule maintenance,
        TimeProvider time,
        IOptions<UonetAccessOptions> options,
        ILogger<AccountSignIn>? logger = null)
    {
        _maintenance = maintenance ?? throw new ArgumentNullException(nameof(maintenance));
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _hasher = hasher ?? throw new ArgumentNullException(nameof(hasher));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value.SignIn;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _secondFactor = new SecondFactorCheck(credentials, time, _options);

        // A hash of a random password with the current parameters: verifying against it costs what a real check costs.
        _dummyHash = new Lazy<Task<string>>(() => _hasher.HashAsync(SecretTokens.NewToken(), CancellationToken.None).AsTask());
    }

    /// <summary>
    /// The password step. See <see cref="AccountSignInResult"/> for the outcomes: for an account with a second factor
    /// it answers <see cref="SignInOutcome.RequiresSecondFactor"/> with <see cref="AccountSignInResult.SecondFactorTicket"/>,
    /// which the host hands to <see cref="CompleteSecondFactorAsync"/> with the code.
    /// </summary>
    public async Task<AccountSignInResult> SignInAsync(SignInRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.SignIn");
        var result = await SignInCoreAsync(request, cancellationToken).ConfigureAwait(false);
        return Recorded(activity, request.InstanceSymbol, result);
    }

    /// <summary>
    /// The second step: the ticket of <see cref="SignInAsync"/> with a TOTP code or a recovery code. A wrong code counts
    /// toward the address's lockout and leaves the ticket usable until it expires; the right one signs in and uses up
    /// the code and the ticket in one conditional write, so of 32 parallel completions exactly one gets a session.
    /// Refusals: <see cref="AccessErrorCodes.SignInSecondFactorTicketInvalid"/> (unknown, expired, used, replaced by a
    /// newer sign-in, of another instance or — when bound — of another client), <see cref="AccessErrorCodes.SignInSecondFactorFailed"/>,
    /// <see cref="AccessErrorCodes.SignInLockedOut"/>, <see cref="AccessErrorCodes.SignInNotEligible"/> (the records
    /// changed meanwhile), throttling and technical breaks as at the password step.
    /// </summary>
    public async Task<AccountSignInResult> CompleteSecondFactorAsync(SecondFactorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.SignIn.SecondFactor");
        var result = await CompleteSecondFactorCoreAsync(request, cancellationToken).ConfigureAwait(false);
        return Recorded(activity, request.InstanceSymbol, result);
    }

    /// <summary>
    /// Signs in with a proof that stands for both factors (a passkey): the same order of checks as the password step,
    /// and the same session ticket at the end, with no second step.
    /// </summary>
    internal async Task<AccountSignInResult> SignInWithProofAsync(string symbol, IPasswordlessProof proof, string? clientKey, string? userAgent, string? clientAddress, CancellationToken cancellationToken)
    {
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.SignIn." + proof.Method);
        var result = await SignInWithProofCoreAsync(symbol, proof, clientKey, userAgent, clientAddress, cancellationToken).ConfigureAwait(false);
        return Recorded(activity, symbol, result);
    }

    private async Task<AccountSignInResult> SignInWithProofCoreAsync(string symbol, IPasswordlessProof proof, string? clientKey, string? userAgent, string? clientAddress, CancellationToken cancellationToken)
    {
        if (await _directory.FindInstanceBySymbolAsync(symbol, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.InstanceNotFound, "symbol"));
        }

        symbol = instance.Symbol;
        if (await RefusalBeforeAnyCheckAsync(symbol, clientKey, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var (account, unknown) = await proof.FindAccountAsync(symbol, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (account is null)
        {
            if (!string.IsNullOrEmpty(clientKey))
            {
                await _credentials.RecordAttemptAsync(AttemptKeys.SignInClient(clientKey), now, _options.PerClient, cancellationToken).ConfigureAwait(false);
            }

            return AccountSignInResult.Refused(SignInOutcome.Failed, unknown ?? new AccessError(AccessErrorCodes.SignInFailed));
        }

        var addressKey = AttemptKeys.SignInAddress(symbol, account.Email);
        var address = await _credentials.GetAttemptsAsync(addressKey, now, cancellationToken).ConfigureAwait(false);
        if (address.IsLocked(now))
        {
            return AccountSignInResult.LockedOut(address.LockedUntil!.Value);
        }

        var client = SessionClient.Of(userAgent, clientAddress);
        var (failure, noted) = await proof.VerifyAsync(account, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            var failed = noted ?? SecurityTrail.For(account, SecurityEventKind.SignInFailed, now, clientAddress ?? clientKey, client.Description, detail: proof.Method);
            var counted = await FailAsync(symbol, addressKey, clientKey, failure.Code, failed, cancellationToken).ConfigureAwait(false);
            return counted.Outcome == SignInOutcome.Failed ? counted with { Error = failure } : counted;
        }

        if (account.Status != AccountStatus.Active)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.SignInNotEligible));
        }

        var standing = await _resolver.ResolveStandingAsync(symbol, account.Email, cancellationToken).ConfigureAwait(false);
        if (!standing.MaySignIn)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.SignInNotEligible));
        }

        if (await proof.CommitAsync(cancellationToken).ConfigureAwait(false) is { } conflict)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, conflict);
        }

        var succeeded = SecurityTrail.For(account, SecurityEventKind.SignInSucceeded, now, clientAddress ?? clientKey, client.Description, detail: proof.Method);
        return await SignedInAsync(account, addressKey, standing.Pupils, client, succeeded, cancellationToken).ConfigureAwait(false);
    }

    private AccountSignInResult Recorded(Activity? activity, string? symbol, AccountSignInResult result)
    {
        activity?.SetTag("uonet_access.outcome", result.Outcome.ToString());
        AccessTelemetry.SignIns.Add(1, new KeyValuePair<string, object?>("result", result.Outcome.ToString()));
        LogEvents.SignInResult(_logger, symbol ?? string.Empty, result.Outcome.ToString());
        return result;
    }

    private async Task<AccountSignInResult> SignInCoreAsync(SignInRequest request, CancellationToken cancellationToken)
    {
        if (await _directory.FindInstanceBySymbolAsync(request.InstanceSymbol, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.InstanceNotFound, "symbol"));
        }

        var symbol = instance.Symbol;
        if (await RefusalBeforeAnyCheckAsync(symbol, request.ClientKey, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var now = _time.GetUtcNow();
        var validEmail = EmailAddress.TryNormalize(request.Email, out var email) is null;
        var password = request.Password is null ? string.Empty : PasswordPolicy.Normalize(request.Password);
        var addressKey = AttemptKeys.SignInAddress(symbol, validEmail ? email : "invalid");
        var address = await _credentials.GetAttemptsAsync(addressKey, now, cancellationToken).ConfigureAwait(false);
        if (address.IsLocked(now))
        {
            // Locked addresses cost a hash too, so the lock cannot be told from a wrong password by timing.
            await VerifyAsync(password, await _dummyHash.Value.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return AccountSignInResult.LockedOut(address.LockedUntil!.Value);
        }

        var account = validEmail ? await _credentials.FindAccountAsync(symbol, email, cancellationToken).ConfigureAwait(false) : null;
        if (account is null)
        {
            await VerifyAsync(password, await _dummyHash.Value.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return await FailAsync(symbol, addressKey, request.ClientKey, AccessErrorCodes.SignInFailed, null, cancellationToken).ConfigureAwait(false);
        }

        var verification = await VerifyAsync(password, account.PasswordHash, cancellationToken).ConfigureAwait(false);
        if (verification == PasswordVerificationResult.Failed)
        {
            // The event rides on the same counting call an unknown address makes, so a known address costs no extra call.
            var failed = SecurityTrail.For(account, SecurityEventKind.SignInFailed, now, request.ClientAddress ?? request.ClientKey, SessionClient.Of(request.UserAgent, request.ClientAddress).Description);
            return await FailAsync(symbol, addressKey, request.ClientKey, AccessErrorCodes.SignInFailed, failed, cancellationToken).ConfigureAwait(false);
        }

        // Only someone who knows the password learns that the school removed the address (R9): tell them whom to ask.
        if (account.Status != AccountStatus.Active)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.SignInNotEligible));
        }

        var standing = await _resolver.ResolveStandingAsync(symbol, email, cancellationToken).ConfigureAwait(false);
        if (!standing.MaySignIn)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.SignInNotEligible));
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account = await RehashAsync(account, password, cancellationToken).ConfigureAwait(false);
        }

        // The address's failure count is not reset here: a password alone must not buy fresh guesses at the code.
        if (account.HasTotp)
        {
            return await OpenSecondStepAsync(account, request.ClientKey, cancellationToken).ConfigureAwait(false);
        }

        var client = SessionClient.Of(request.UserAgent, request.ClientAddress);
        return await SignedInAsync(account, addressKey, standing.Pupils, client, SecurityTrail.For(account, SecurityEventKind.SignInSucceeded, now, request.ClientAddress ?? request.ClientKey, client.Description), cancellationToken).ConfigureAwait(false);
    }

    private async Task<AccountSignInResult> CompleteSecondFactorCoreAsync(SecondFactorRequest request, CancellationToken cancellationToken)
    {
        if (await _directory.FindInstanceBySymbolAsync(request.InstanceSymbol, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.InstanceNotFound, "symbol"));
        }

        var symbol = instance.Symbol;
        if (await RefusalBeforeAnyCheckAsync(symbol, request.ClientKey, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var account = await OpenTicketAccountAsync(symbol, request.Ticket, request.ClientKey, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            if (!string.IsNullOrEmpty(request.ClientKey))
            {
                await _credentials.RecordAttemptAsync(AttemptKeys.SignInClient(request.ClientKey), _time.GetUtcNow(), _options.PerClient, cancellationToken).ConfigureAwait(false);
            }

            return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.SignInSecondFactorTicketInvalid, "ticket"));
        }

        // An empty form is not a guess: ask again, keep the ticket, count nothing.
        if (string.IsNullOrWhiteSpace(request.TotpCode) && string.IsNullOrWhiteSpace(request.RecoveryCode))
        {
            return AccountSignInResult.Refused(SignInOutcome.RequiresSecondFactor, new AccessError(AccessErrorCodes.SignInRequiresSecondFactor));
        }

        // The records may have changed since the password step (R9): check again, as a session would.
        var standing = await _resolver.ResolveStandingAsync(symbol, account.Email, cancellationToken).ConfigureAwait(false);
        if (account.Status != AccountStatus.Active || !standing.MaySignIn)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.SignInNotEligible));
        }

        var verdict = await _secondFactor.CheckAsync(account, SecondFactorCode.Of(request.TotpCode, request.RecoveryCode), request.ClientKey, SecondFactorFailed, cancellationToken).ConfigureAwait(false);
        if (verdict.LockedUntil is { } until)
        {
            return Locked(symbol, until, verdict.BeganLock);
        }

        if (verdict.Used is null)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, verdict.Error!);
        }

        // One conditional write uses the code and the ticket together: of racing completions, one wins.
        var now = _time.GetUtcNow();
        var signedIn = verdict.Used with { SecondFactorTicket = null };
        var recoveryUsed = signedIn.RecoveryCodeHashes.Count < account.RecoveryCodeHashes.Count
            ? SecurityTrail.For(account, SecurityEventKind.RecoveryCodeUsed, now, request.ClientAddress ?? request.ClientKey, SessionClient.Of(request.UserAgent, request.ClientAddress).Description)
            : null;
        if (await _credentials.UpdateAccountAsync(signedIn, account.Version, null, recoveryUsed, cancellationToken).ConfigureAwait(false) != StoreWriteResult.Success)
        {
            return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.SignInSecondFactorTicketInvalid, "ticket"));
        }

        SecurityTrail.Written(recoveryUsed);
        var client = SessionClient.Of(request.UserAgent, request.ClientAddress);
        var succeeded = SecurityTrail.For(account, SecurityEventKind.SignInSucceeded, now, request.ClientAddress ?? request.ClientKey, client.Description, detail: "SecondFactor");
        return await SignedInAsync(signedIn, AttemptKeys.SignInAddress(symbol, account.Email), standing.Pupils, client, succeeded, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Maintenance and the client's throttle: refused before any secret is looked at.</summary>
    private async Task<AccountSignInResult?> RefusalBeforeAnyCheckAsync(string symbol, string? clientKey, CancellationToken cancellationToken)
    {
        if (await _maintenance.RefusalAsync(symbol, cancellationToken).ConfigureAwait(false) is { } maintenance)
        {
            return AccountSignInResult.Refused(SignInOutcome.Maintenance, maintenance);
        }

        if (!string.IsNullOrEmpty(clientKey))
        {
            var now = _time.GetUtcNow();
            var client = await _credentials.GetAttemptsAsync(AttemptKeys.SignInClient(clientKey), now, cancellationToken).ConfigureAwait(false);
            if (client.IsLocked(now))
            {
                return AccountSignInResult.Throttled(AttemptKeys.RateLimitError(client, now), client.LockedUntil!.Value);
            }
        }

        return null;
    }

    private async Task<AccountSignInResult> SignedInAsync(Account account, string addressKey, IReadOnlyList<VisiblePupil> pupils, SessionClient client, SecurityEvent succeeded, CancellationToken cancellationToken)
    {
        await _credentials.ResetAttemptsAsync(addressKey, cancellationToken).ConfigureAwait(false);
        var ticket = await _sessions.IssueAsync(account, client, succeeded, cancellationToken).ConfigureAwait(false);
        return new AccountSignInResult(SignInOutcome.Success, null, ticket, null, pupils);
    }

    /// <summary>Opens the second step: a new ticket replaces any older one of the account.</summary>
    private async Task<AccountSignInResult> OpenSecondStepAsync(Account account, string? clientKey, CancellationToken cancellationToken)
    {
        var secret = SecretTokens.NewToken();
        var expiresAt = _time.GetUtcNow() + _options.SecondFactorTicketLifetime;
        var state = new SecondFactorTicket(
            SecretTokens.Hash(secret),
            expiresAt,
            _options.BindSecondFactorTicketToClient ? SecretTokens.Hash(clientKey ?? string.Empty) : null);

        // A concurrent change of the account (another sign-in, a code used) only means reading it again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await _credentials.UpdateAccountAsync(account with { SecondFactorTicket = state, Version = account.Version + 1 }, account.Version, null, cancellationToken).ConfigureAwait(false) == StoreWriteResult.Success)
            {
                return new AccountSignInResult(SignInOutcome.RequiresSecondFactor, new AccessError(AccessErrorCodes.SignInRequiresSecondFactor), null, null, [])
                {
                    SecondFactorTicket = SecondFactorTickets.Format(account.Id, secret),
                    SecondFactorExpiresAt = expiresAt,
                };
            }

            if (await _credentials.FindAccountByIdAsync(account.Id, cancellationToken).ConfigureAwait(false) is not { } current)
            {
                break;
            }

            account = current;
        }

        return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.AccountConflict));
    }

    /// <summary>The account whose open ticket <paramref name="ticket"/> is, or <see langword="null"/> whatever the reason it is not.</summary>
    private async Task<Account?> OpenTicketAccountAsync(string symbol, string? ticket, string? clientKey, CancellationToken cancellationToken)
    {
        if (!SecondFactorTickets.TryParse(ticket, out var accountId, out var secret))
        {
            return null;
        }

        var account = await _credentials.FindAccountByIdAsync(accountId, cancellationToken).ConfigureAwait(false);
        if (account?.SecondFactorTicket is not { } open || account.InstanceSymbol != symbol || !account.HasTotp)
        {
            return null;
        }

        var matches = SecretTokens.HashesEqual(open.TicketHash, SecretTokens.Hash(secret));
        var sameClient = open.ClientKeyHash is null || SecretTokens.HashesEqual(open.ClientKeyHash, SecretTokens.Hash(clientKey ?? string.Empty));
        return matches && sameClient && open.ExpiresAt > _time.GetUtcNow() ? account : null;
    }

    private static readonly AccessError SecondFactorFailed = new(AccessErrorCodes.SignInSecondFactorFailed);

    private async Task<Account> RehashAsync(Account account, string password, CancellationToken cancellationToken)
    {
        var hash = await _hasher.HashAsync(password, cancellationToken).ConfigureAwait(false);
        var updated = account with { PasswordHash = hash, Version = account.Version + 1 };
        if (await _credentials.UpdateAccountAsync(updated, account.Version, null, cancellationToken).ConfigureAwait(false) == StoreWriteResult.Success)
        {
            LogEvents.Rehashed(_logger, account.Id);
            return updated;
        }

        // Someone changed the account meanwhile; the old hash still verifies, so the upgrade can wait for next time.
        return await _credentials.FindAccountByIdAsync(account.Id, cancellationToken).ConfigureAwait(false) ?? account;
    }

    private async Task<PasswordVerificationResult> VerifyAsync(string password, string hash, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await _hasher.VerifyAsync(password, hash, cancellationToken).ConfigureAwait(false);
        AccessTelemetry.HashDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    // Only the attempt that turns the lock on counts: refusals while it holds (or after a concurrent attempt locked
    // first) would otherwise make one lock look like many on a dashboard.
    private AccountSignInResult Locked(string symbol, DateTimeOffset until, bool began)
    {
        if (began)
        {
            AccessTelemetry.Lockouts.Add(1);
        }

        LogEvents.LockedOut(_logger, symbol, until);
        return AccountSignInResult.LockedOut(until);
    }

    private async Task<AccountSignInResult> FailAsync(string symbol, string addressKey, string? clientKey, string code, SecurityEvent? failed, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!string.IsNullOrEmpty(clientKey))
        {
            await _credentials.RecordAttemptAsync(AttemptKeys.SignInClient(clientKey), now, _options.PerClient, cancellationToken).ConfigureAwait(false);
        }

        var state = await _credentials.RecordAttemptAsync(addressKey, now, _options.PerAddress, failed, cancellationToken).ConfigureAwait(false);
        SecurityTrail.Written(AttemptArithmetic.EventAfter(failed, state, now));
        if (state.IsLocked(now))
        {
            return Locked(symbol, state.LockedUntil!.Value, state.Accepted);
        }

        return AccountSignInResult.Refused(SignInOutcome.Failed, new AccessError(code));
    }
}

/// <summary>A sign-in attempt.</summary>
public sealed record SignInRequest
{
    /// <summary>The instance symbol from the address the user opened (R6).</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The e-mail as typed (the login, R3).</summary>
    public required string Email { get; init; }

    /// <summary>The password as typed.</summary>
    public required string Password { get; init; }

    /// <summary>The client's key for throttling (e.g. IP address), or <see langword="null"/>.</summary>
    public string? ClientKey { get; init; }

    /// <summary>
    /// The client's User-Agent header, for the account holder's list of sessions: only a short description of the
    /// browser and system is kept (e.g. "Firefox, Windows"), never the header. Optional.
    /// </summary>
    public string? UserAgent { get; init; }

    /// <summary>
    /// The client's IP address, for the list of sessions: only its network is kept, cut to /24 (IPv4) or /48 (IPv6).
    /// Optional; pass the address the host trusts (after its forwarded-headers handling), not a header.
    /// </summary>
    public string? ClientAddress { get; init; }
}

/// <summary>The second step of a sign-in: the ticket of the password step and a code.</summary>
public sealed record SecondFactorRequest
{
    /// <summary>The instance symbol from the address the user opened (R6): a ticket of another instance is refused.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The <see cref="AccountSignInResult.SecondFactorTicket"/> of the password step.</summary>
    public required string Ticket { get; init; }

    /// <summary>The 6-digit code from the authenticator app.</summary>
    public string? TotpCode { get; init; }

    /// <summary>A recovery code, used when no <see cref="TotpCode"/> is given.</summary>
    public string? RecoveryCode { get; init; }

    /// <summary>The client's key for throttling (e.g. IP address), or <see langword="null"/>.</summary>
    public string? ClientKey { get; init; }

    /// <summary>
    /// The client's User-Agent header, for the account holder's list of sessions: only a short description of the
    /// browser and system is kept (e.g. "Firefox, Windows"), never the header. Optional.
    /// </summary>
    public string? UserAgent { get; init; }

    /// <summary>
    /// The client's IP address, for the list of sessions: only its network is kept, cut to /24 (IPv4) or /48 (IPv6).
    /// Optional; pass the address the host trusts (after its forwarded-headers handling), not a header.
    /// </summary>
    public string? ClientAddress { get; init; }
}

/// <summary>How a sign-in ended.</summary>
public enum SignInOutcome
{
    /// <summary>Signed in: <see cref="AccountSignInResult.SessionTicket"/> holds the ticket.</summary>
    Success = 0,

    /// <summary>The password was right; ask for the TOTP or a recovery code and pass it with <see cref="AccountSignInResult.SecondFactorTicket"/> to <see cref="AccountSignIn.CompleteSecondFactorAsync"/>.</summary>
    RequiresSecondFactor = 1,

    /// <summary>Refused (wrong e-mail or password, wrong code, no longer eligible); see <see cref="AccountSignInResult.Error"/>.</summary>
    Failed = 2,

    /// <summary>The address is locked after repeated failures until <see cref="AccountSignInResult.LockedUntil"/>.</summary>
    LockedOut = 3,

    /// <summary>The client sent too many failed attempts; retry after <see cref="AccountSignInResult.LockedUntil"/>.</summary>
    Throttled = 4,

    /// <summary>A technical break is in force (R10); see <see cref="AccountSignInResult.Error"/> for its message.</summary>
    Maintenance = 5,
}

/// <summary>The result of <see cref="AccountSignIn.SignInAsync"/> and <see cref="AccountSignIn.CompleteSecondFactorAsync"/>.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">Why it did not succeed, with a stable code.</param>
/// <param name="SessionTicket">On success, the session ticket for the host's cookie.</param>
/// <param name="LockedUntil">For LockedOut and Throttled, until when.</param>
/// <param name="Pupils">On success, the pupils the account sees (the Uczeń selector).</param>
public sealed record AccountSignInResult(SignInOutcome Outcome, AccessError? Error, string? SessionTicket, DateTimeOffset? LockedUntil, IReadOnlyList<VisiblePupil> Pupils)
{
    /// <summary>Whether the user is signed in.</summary>
    public bool Succeeded => Outcome == SignInOutcome.Success;

    /// <summary>
    /// For <see cref="SignInOutcome.RequiresSecondFactor"/>: the single-use second-factor ticket (256 bits, only its
    /// hash stored) to pass to <see cref="AccountSignIn.CompleteSecondFactorAsync"/>. Keep it, and nothing else of the
    /// password step, until the code is typed (e.g. in a short-lived, HttpOnly cookie).
    /// </summary>
    public string? SecondFactorTicket { get; init; }

    /// <summary>For <see cref="SignInOutcome.RequiresSecondFactor"/>: when <see cref="SecondFactorTicket"/> stops working.</summary>
    public DateTimeOffset? SecondFactorExpiresAt { get; init; }

    internal static AccountSignInResult Refused(SignInOutcome outcome, AccessError error) => new(outcome, error, null, null, []);

    internal static AccountSignInResult LockedOut(DateTimeOffset until) => new(SignInOutcome.LockedOut, AttemptKeys.LockedOutError(until), null, until, []);

    internal static AccountSignInResult Throttled(AccessError error, DateTimeOffset until) => new(SignInOutcome.Throttled, error, null, until, []);
}
