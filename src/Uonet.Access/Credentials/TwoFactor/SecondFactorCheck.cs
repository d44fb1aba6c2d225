using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.Credentials;

/// <summary>
/// The one place where a TOTP or recovery code of an account is checked: sign-in's second step, switching the second
/// factor off, new recovery codes, confirming an enrolment, linking another instance. It refuses while the address is
/// locked (before the code is even looked at, so a lock cannot be guessed through) and counts a wrong code toward the
/// same lock as a wrong password, so no call is a side door for guessing six digits.
/// </summary>
internal sealed class SecondFactorCheck(ICredentialStore credentials, TimeProvider time, SignInOptions options)
{
    /// <summary>
    /// Checks a code. On success returns the account as it must be written for the code to count as used (the new
    /// last TOTP step, or the recovery code removed, and the version bumped): the caller adds its own change and writes
    /// it conditionally on <paramref name="account"/>'s version, which is what makes a code single-use under races.
    /// </summary>
    /// <param name="account">The account as read.</param>
    /// <param name="code">What was typed, and against what it is checked.</param>
    /// <param name="clientKey">The client's key, counted toward its own throttle when the code is wrong; may be null.</param>
    /// <param name="wrongCode">The code answered for a wrong code while the address is not (yet) locked.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<SecondFactorVerdict> CheckAsync(Account account, SecondFactorCode code, string? clientKey, AccessError wrongCode, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var addressKey = AttemptKeys.SignInAddress(account.InstanceSymbol, account.Email);
        var address = await credentials.GetAttemptsAsync(addressKey, now, cancellationToken).ConfigureAwait(false);
        if (address.IsLocked(now))
        {
            return SecondFactorVerdict.Locked(address.LockedUntil!.Value, began: false);
        }

        if (Use(account, code, now) is { } used)
        {
            return new SecondFactorVerdict(used, null, null);
        }

        if (!string.IsNullOrEmpty(clientKey))
        {
            await credentials.RecordAttemptAsync(AttemptKeys.SignInClient(clientKey), now, options.PerClient, cancellationToken).ConfigureAwait(false);
        }

        var failed = SecurityTrail.For(account, SecurityEventKind.SecondStepFailed, now, clientKey);
        var state = await credentials.RecordAttemptAsync(addressKey, now, options.PerAddress, failed, cancellationToken).ConfigureAwait(false);
        SecurityTrail.Written(AttemptArithmetic.EventAfter(failed, state, now));
        return state.IsLocked(now) ? SecondFactorVerdict.Locked(state.LockedUntil!.Value, began: state.Accepted) : new SecondFactorVerdict(null, wrongCode, null);
    }

    private static Account? Use(Account account, SecondFactorCode code, DateTimeOffset now)
    {
        switch (code.Kind)
        {
            case SecondFactorCodeKind.Totp when account.TotpSecret is not null:
            {
                var step = TotpAlgorithm.MatchStep(account.TotpSecret, code.Value, now, account.TotpLastStep);
                return step is null ? null : account with { TotpLastStep = step, Version = account.Version + 1 };
            }

            case SecondFactorCodeKind.PendingTotp when account.PendingTotpSecret is not null:
            {
                var step = TotpAlgorithm.MatchStep(account.PendingTotpSecret, code.Value, now, null);
                return step is null ? null : account with { TotpLastStep = step, Version = account.Version + 1 };
            }

            case SecondFactorCodeKind.Recovery:
            {
                var index = RecoveryCodes.IndexOf(account.RecoveryCodeHashes, code.Value);
                return index < 0
                    ? null
                    : account with { RecoveryCodeHashes = [.. account.RecoveryCodeHashes.Where((_, i) => i != index)], Version = account.Version + 1 };
            }

            default:
                return null;
        }
    }
}

/// <summary>What <see cref="SecondFactorCheck"/> found.</summary>
/// <param name="Used">On success, the account with the code used, to be written conditionally.</param>
/// <param name="Error">Why the code was refused: the wrong-code error, or the lock.</param>
/// <param name="LockedUntil">Until when the address is locked, when that is why.</param>
internal sealed record SecondFactorVerdict(Account? Used, AccessError? Error, DateTimeOffset? LockedUntil)
{
    /// <summary>Whether this check's wrong code is the one that locked the address (not a refusal of one already locked).</summary>
    public bool BeganLock { get; init; }

    public static SecondFactorVerdict Locked(DateTimeOffset until, bool began) => new(null, AttemptKeys.LockedOutError(until), until) { BeganLock = began };
}

/// <summary>A code typed for the second factor, and which secret it is checked against.</summary>
/// <param name="Kind">What the code is.</param>
/// <param name="Value">The code as typed.</param>
internal readonly record struct SecondFactorCode(SecondFactorCodeKind Kind, string? Value)
{
    /// <summary>A code from the authenticator app, or a recovery code when no app code was typed.</summary>
    public static SecondFactorCode Of(string? totpCode, string? recoveryCode) =>
        string.IsNullOrWhiteSpace(totpCode) && !string.IsNullOrWhiteSpace(recoveryCode)
            ? new(SecondFactorCodeKind.Recovery, recoveryCode)
            : new(SecondFactorCodeKind.Totp, totpCode);
}

/// <summary>What a typed second-factor code is checked against.</summary>
internal enum SecondFactorCodeKind
{
    /// <summary>The enrolled TOTP secret (each time step once).</summary>
    Totp,

    /// <summary>The secret of an enrolment not yet confirmed.</summary>
    PendingTotp,

    /// <summary>One of the unused recovery codes.</summary>
    Recovery,
}
