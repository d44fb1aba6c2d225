using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uonet.Access.Diagnostics;
using Uonet.Access.Imaging;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Credentials;

/// <summary>
/// The optional second factor (RFC 6238 TOTP, 6 digits, 30 s, ±1 step) of a signed-in account: enrolment that completes
/// only after a correct code, 10 single-use recovery codes stored as hashes, and switching it off. Wrong codes count
/// toward the address's sign-in lockout.
/// </summary>
public sealed class TwoFactorSetup
{
    private readonly ISchoolDirectoryStore _directory;
    private readonly ICredentialStore _credentials;
    private readonly SessionTickets _sessions;
    private readonly MailComposer _mail;
    private readonly TimeProvider _time;
    private readonly SecondFactorCheck _check;
    private readonly ILogger _logger;

    internal TwoFactorSetup(ISchoolDirectoryStore directory, ICredentialStore credentials, SessionTickets sessions, MailComposer mail, TimeProvider time, IOptions<UonetAccessOptions> options, ILogger<TwoFactorSetup>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _mail = mail ?? throw new ArgumentNullException(nameof(mail));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _check = new SecondFactorCheck(_credentials, _time, options.Value.SignIn);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Starts enrolment: a new secret, its <c>otpauth://</c> URI and a QR code of it (PNG and SVG) for the authenticator
    /// app. Nothing changes at sign-in until <see cref="ConfirmAsync"/> succeeds. Starting again replaces the secret.
    /// </summary>
    public async Task<AccessResult<TotpEnrollment>> BeginAsync(string? sessionTicket, CancellationToken cancellationToken = default)
    {
        var session = await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionStatus.Valid)
        {
            return AccessResult<TotpEnrollment>.Failure(session.Code!);
        }

        var account = session.Account!;
        if (account.HasTotp)
        {
            return AccessResult<TotpEnrollment>.Failure(AccessErrorCodes.TotpAlreadyEnrolled);
        }

        var secret = TotpAlgorithm.NewSecret();
        var written = await _credentials.UpdateAccountAsync(account with { PendingTotpSecret = secret, Version = account.Version + 1 }, account.Version, null, cancellationToken).ConfigureAwait(false);
        if (written != StoreWriteResult.Success)
        {
            return AccessResult<TotpEnrollment>.Failure(AccessErrorCodes.AccountConflict);
        }

        var instance = await _directory.FindInstanceAsync(account.InstanceSymbol, cancellationToken).ConfigureAwait(false);
        var uri = TotpAlgorithm.OtpAuthUri(secret, instance?.Name ?? account.InstanceSymbol, account.Email);
        LogEvents.TotpChanged(_logger, account.Id, "enrolment started");
        var (png, svg) = QrCodeImage.PngAndSvg(uri);
        return AccessResult<TotpEnrollment>.Success(new TotpEnrollment(TotpAlgorithm.ToBase32(secret), uri, png, svg));
    }

    /// <summary>Completes enrolment with a code from the app; returns the 10 recovery codes (shown once, stored only as hashes).</summary>
    public async Task<AccessResult<IReadOnlyList<string>>> ConfirmAsync(string? sessionTicket, string? code, CancellationToken cancellationToken = default)
    {
        var session = await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionStatus.Valid)
        {
            return AccessResult<IReadOnlyList<string>>.Failure(session.Code!);
        }

        var account = session.Account!;
        if (account.HasTotp)
        {
            return AccessResult<IReadOnlyList<string>>.Failure(AccessErrorCodes.TotpAlreadyEnrolled);
        }

        if (account.PendingTotpSecret is null)
        {
            return AccessResult<IReadOnlyList<string>>.Failure(AccessErrorCodes.TotpNotEnrolled);
        }

        var (used, error, _) = await _check.CheckAsync(account, new SecondFactorCode(SecondFactorCodeKind.PendingTotp, code), null, CodeInvalid, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return AccessResult<IReadOnlyList<string>>.Failure(error);
        }

        var codes = RecoveryCodes.Generate();
        var updated = used! with
        {
            TotpSecret = account.PendingTotpSecret,
            PendingTotpSecret = null,
            RecoveryCodeHashes = [.. codes.Select(RecoveryCodes.Hash)],
        };
        var notice = await NoticeAsync(account, MailKind.SecondFactorEnabled, cancellationToken).ConfigureAwait(false);
        var enabled = SecurityTrail.For(account, SecurityEventKind.SecondFactorEnabled, _time.GetUtcNow(), SessionClient.Of(session.Session!));
        if (await _credentials.UpdateAccountAsync(updated, account.Version, notice, enabled, cancellationToken).ConfigureAwait(false) != StoreWriteResult.Success)
        {
            return AccessResult<IReadOnlyList<string>>.Failure(AccessErrorCodes.AccountConflict);
        }

        SecurityTrail.Written(enabled);

        LogEvents.TotpChanged(_logger, account.Id, "enrolled");
        return AccessResult<IReadOnlyList<string>>.Success(codes);
    }

    /// <summary>Replaces the recovery codes (a current TOTP code is required); returns the new ones.</summary>
    public async Task<AccessResult<IReadOnlyList<string>>> RegenerateRecoveryCodesAsync(string? sessionTicket, string? code, CancellationToken cancellationToken = default)
    {
        var (account, client, used, error) = await CheckEnrolledCodeAsync(sessionTicket, code, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return AccessResult<IReadOnlyList<string>>.Failure(error);
        }

        var codes = RecoveryCodes.Generate();
        var updated = used! with { RecoveryCodeHashes = [.. codes.Select(RecoveryCodes.Hash)] };
        var notice = await NoticeAsync(account!, MailKind.SecondFactorEnabled, cancellationToken).ConfigureAwait(false);
        var replaced = SecurityTrail.For(account!, SecurityEventKind.SecondFactorEnabled, _time.GetUtcNow(), client!, detail: "RecoveryCodesReplaced");
        if (await _credentials.UpdateAccountAsync(updated, account!.Version, notice, replaced, cancellationToken).ConfigureAwait(false) != StoreWriteResult.Success)
        {
            return AccessResult<IReadOnlyList<string>>.Failure(AccessErrorCodes.AccountConflict);
        }

        SecurityTrail.Written(replaced);

        LogEvents.TotpChanged(_logger, account.Id, "recovery codes replaced");
        return AccessResult<IReadOnlyList<string>>.Success(codes);
    }

    /// <summary>Switches the second factor off (a current TOTP code is required); the recovery codes go with it.</summary>
    public async Task<AccessResult> DisableAsync(string? sessionTicket, string? code, CancellationToken cancellationToken = default)
    {
        var (account, client, used, error) = await CheckEnrolledCodeAsync(sessionTicket, code, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return AccessResult.Failure(error);
        }

        var updated = used! with { TotpSecret = null, PendingTotpSecret = null, TotpLastStep = null, RecoveryCodeHashes = [] };
        var notice = await NoticeAsync(account!, MailKind.SecondFactorDisabled, cancellationToken).ConfigureAwait(false);
        var disabled = SecurityTrail.For(account!, SecurityEventKind.SecondFactorDisabled, _time.GetUtcNow(), client!);
        if (await _credentials.UpdateAccountAsync(updated, account!.Version, notice, disabled, cancellationToken).ConfigureAwait(false) != StoreWriteResult.Success)
        {
            return AccessResult.Failure(AccessErrorCodes.AccountConflict);
        }

        SecurityTrail.Written(disabled);

        LogEvents.TotpChanged(_logger, account.Id, "disabled");
        return AccessResult.Success();
    }

    private static readonly AccessError CodeInvalid = new(AccessErrorCodes.TotpCodeInvalid, "code");

    /// <summary>
    /// The session's account and client and, when the code is right, the account with the code used; the caller's write
    /// is conditional on the former's version.
    /// </summary>
    private async Task<(Account? Account, SessionClient? Client, Account? Used, AccessError? Error)> CheckEnrolledCodeAsync(string? sessionTicket, string? code, CancellationToken cancellationToken)
    {
        var session = await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionStatus.Valid)
        {
            return (null, null, null, new AccessError(session.Code!));
        }

        var account = session.Account!;
        if (!account.HasTotp)
        {
            return (null, null, null, new AccessError(AccessErrorCodes.TotpNotEnrolled));
        }

        var (used, error, _) = await _check.CheckAsync(account, new SecondFactorCode(SecondFactorCodeKind.Totp, code), null, CodeInvalid, cancellationToken).ConfigureAwait(false);
        return (account, SessionClient.Of(session.Session!), used, error);
    }

    private async Task<OutboxMessage?> NoticeAsync(Account account, MailKind kind, CancellationToken cancellationToken)
    {
        var instance = await _directory.FindInstanceAsync(account.InstanceSymbol, cancellationToken).ConfigureAwait(false);
        return instance is null ? null : _mail.Compose(kind, instance, account.Email, culture: null);
    }
}

/// <summary>What the account holder needs to add the account to an authenticator app.</summary>
/// <param name="SecretBase32">The secret in base32, for typing by hand.</param>
/// <param name="OtpAuthUri">The <c>otpauth://totp/…</c> URI.</param>
/// <param name="QrPng">A QR code of the URI as PNG.</param>
/// <param name="QrSvg">A QR code of the URI as SVG (safe to inline).</param>
public sealed record TotpEnrollment(string SecretBase32, string OtpAuthUri, byte[] QrPng, string QrSvg);
