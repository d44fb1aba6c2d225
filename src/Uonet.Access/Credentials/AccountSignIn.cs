using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Uonet.Access.Diagnostics;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Credentials;

/// <summary>
/// Sign-in by e-mail and password (R3), with the second factor when enrolled. An unknown address costs the same hash
/// as a known one; failures count per address (known or not) and per client key in the store, so limits hold across
/// web nodes; a hash made with older parameters is upgraded on success.
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

    /// <summary>Signs in. See <see cref="SignInResult"/> for the outcomes.</summary>
    public async Task<SignInResult> SignInAsync(SignInRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.SignIn");
        var result = await SignInCoreAsync(request, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("uonet_access.outcome", result.Outcome.ToString());
        AccessTelemetry.SignIns.Add(1, new KeyValuePair<string, object?>("result", result.Outcome.ToString()));
        LogEvents.SignInResult(_logger, request.InstanceSymbol ?? string.Empty, result.Outcome.ToString());
        return result;
    }

    private async Task<SignInResult> SignInCoreAsync(SignInRequest request, CancellationToken cancellationToken)
    {
        if (await _directory.FindInstanceBySymbolAsync(request.InstanceSymbol, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return SignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.InstanceNotFound, "symbol"));
        }

        var symbol = instance.Symbol;

        if (await _maintenance.RefusalAsync(symbol, cancellationToken).ConfigureAwait(false) is { } maintenance)
        {
            return SignInResult.Refused(SignInOutcome.Maintenance, maintenance);
        }

        var now = _time.GetUtcNow();
        if (!string.IsNullOrEmpty(request.ClientKey))
        {
            var client = await _credentials.GetAttemptsAsync(AttemptKeys.SignInClient(request.ClientKey), now, cancellationToken).ConfigureAwait(false);
            if (client.IsLocked(now))
            {
                return SignInResult.Throttled(AttemptKeys.RateLimitError(client, now), client.LockedUntil!.Value);
            }
        }

        var validEmail = EmailAddress.TryNormalize(request.Email, out var email) is null;
        var password = request.Password is null ? string.Empty : PasswordPolicy.Normalize(request.Password);
        var addressKey = AttemptKeys.SignInAddress(symbol, validEmail ? email : "invalid");
        var address = await _credentials.GetAttemptsAsync(addressKey, now, cancellationToken).ConfigureAwait(false);
        if (address.IsLocked(now))
        {
            // Locked addresses cost a hash too, so the lock cannot be told from a wrong password by timing.
            await VerifyAsync(password, await _dummyHash.Value.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return SignInResult.LockedOut(address.LockedUntil!.Value);
        }

        var account = validEmail ? await _credentials.FindAccountAsync(symbol, email, cancellationToken).ConfigureAwait(false) : null;
        if (account is null)
        {
            await VerifyAsync(password, await _dummyHash.Value.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return await FailAsync(symbol, addressKey, request.ClientKey, AccessErrorCodes.SignInFailed, cancellationToken).ConfigureAwait(false);
        }

        var verification = await VerifyAsync(password, account.PasswordHash, cancellationToken).ConfigureAwait(false);
        if (verification == PasswordVerificationResult.Failed)
        {
            return await FailAsync(symbol, addressKey, request.ClientKey, AccessErrorCodes.SignInFailed, cancellationToken).ConfigureAwait(false);
        }

        // Only someone who knows the password learns that the school removed the address (R9): tell them whom to ask.
        if (account.Status != AccountStatus.Active)
        {
            return SignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.SignInNotEligible));
        }

        var standing = await _resolver.ResolveStandingAsync(symbol, email, cancellationToken).ConfigureAwait(false);
        if (!standing.MaySignIn)
        {
            return SignInResult.Refused(SignInOutcome.Failed, new AccessError(AccessErrorCodes.SignInNotEligible));
        }

        if (account.HasTotp)
        {
            if (string.IsNullOrWhiteSpace(request.TotpCode) && string.IsNullOrWhiteSpace(request.RecoveryCode))
            {
                return SignInResult.Refused(SignInOutcome.RequiresSecondFactor, new AccessError(AccessErrorCodes.SignInRequiresSecondFactor));
            }

            var (used, _, lockedUntil) = await _secondFactor.CheckAsync(account, SecondFactorCode.Of(request.TotpCode, request.RecoveryCode), request.ClientKey, SecondFactorFailed, cancellationToken).ConfigureAwait(false);
            if (lockedUntil is { } until)
            {
                AccessTelemetry.Lockouts.Add(1);
                LogEvents.LockedOut(_logger, symbol, until);
                return SignInResult.LockedOut(until);
            }

            // The conditional write is what makes a step or a recovery code single-use when two requests race.
            if (used is null || await _credentials.UpdateAccountAsync(used, account.Version, null, cancellationToken).ConfigureAwait(false) != StoreWriteResult.Success)
            {
                return SignInResult.Refused(SignInOutcome.Failed, SecondFactorFailed);
            }

            var second = used;
            account = second;
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account = await RehashAsync(account, password, cancellationToken).ConfigureAwait(false);
        }

        await _credentials.ResetAttemptsAsync(addressKey, cancellationToken).ConfigureAwait(false);
        var ticket = await _sessions.IssueAsync(account, cancellationToken).ConfigureAwait(false);
        return new SignInResult(SignInOutcome.Success, null, ticket, null, standing.Pupils);
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

    private async Task<SignInResult> FailAsync(string symbol, string addressKey, string? clientKey, string code, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!string.IsNullOrEmpty(clientKey))
        {
            await _credentials.RecordAttemptAsync(AttemptKeys.SignInClient(clientKey), now, _options.PerClient, cancellationToken).ConfigureAwait(false);
        }

        var state = await _credentials.RecordAttemptAsync(addressKey, now, _options.PerAddress, cancellationToken).ConfigureAwait(false);
        if (state.IsLocked(now))
        {
            AccessTelemetry.Lockouts.Add(1);
            LogEvents.LockedOut(_logger, symbol, state.LockedUntil!.Value);
            return SignInResult.LockedOut(state.LockedUntil!.Value);
        }

        return SignInResult.Refused(SignInOutcome.Failed, new AccessError(code));
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

    /// <summary>The 6-digit TOTP code, when the account has a second factor.</summary>
    public string? TotpCode { get; init; }

    /// <summary>A recovery code instead of the TOTP code.</summary>
    public string? RecoveryCode { get; init; }

    /// <summary>The client's key for throttling (e.g. IP address), or <see langword="null"/>.</summary>
    public string? ClientKey { get; init; }
}

/// <summary>How a sign-in ended.</summary>
public enum SignInOutcome
{
    /// <summary>Signed in: <see cref="SignInResult.SessionTicket"/> holds the ticket.</summary>
    Success = 0,

    /// <summary>The password was right; ask for the TOTP or a recovery code and try again with it.</summary>
    RequiresSecondFactor = 1,

    /// <summary>Refused (wrong e-mail or password, wrong code, no longer eligible); see <see cref="SignInResult.Error"/>.</summary>
    Failed = 2,

    /// <summary>The address is locked after repeated failures until <see cref="SignInResult.LockedUntil"/>.</summary>
    LockedOut = 3,

    /// <summary>The client sent too many failed attempts; retry after <see cref="SignInResult.LockedUntil"/>.</summary>
    Throttled = 4,

    /// <summary>A technical break is in force (R10); see <see cref="SignInResult.Error"/> for its message.</summary>
    Maintenance = 5,
}

/// <summary>The result of <see cref="AccountSignIn.SignInAsync"/>.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">Why it did not succeed, with a stable code.</param>
/// <param name="SessionTicket">On success, the session ticket for the host's cookie.</param>
/// <param name="LockedUntil">For LockedOut and Throttled, until when.</param>
/// <param name="Pupils">On success, the pupils the account sees (the Uczeń selector).</param>
public sealed record SignInResult(SignInOutcome Outcome, AccessError? Error, string? SessionTicket, DateTimeOffset? LockedUntil, IReadOnlyList<VisiblePupil> Pupils)
{
    /// <summary>Whether the user is signed in.</summary>
    public bool Succeeded => Outcome == SignInOutcome.Success;

    internal static SignInResult Refused(SignInOutcome outcome, AccessError error) => new(outcome, error, null, null, []);

    internal static SignInResult LockedOut(DateTimeOffset until) => new(SignInOutcome.LockedOut, AttemptKeys.LockedOutError(until), null, until, []);

    internal static SignInResult Throttled(AccessError error, DateTimeOffset until) => new(SignInOutcome.Throttled, error, null, until, []);
}
