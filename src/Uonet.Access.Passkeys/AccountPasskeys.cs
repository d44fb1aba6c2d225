using System.Globalization;
using System.Security.Cryptography;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Localization;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Passkeys;

/// <summary>
/// A signed-in person's passkeys: adding one (only right after a fresh password or second-factor check, ASVS 5.0
/// 7.5.1), listing, renaming and removing them. Adding and removing queue a notice to the account's address.
/// </summary>
public sealed class AccountPasskeys
{
    private const int UserHandleBytes = 32;

    private readonly ISchoolDirectoryStore _directory;
    private readonly IPasskeyStore _passkeys;
    private readonly ICredentialStore _credentials;
    private readonly SessionTickets _sessions;
    private readonly MailComposer _mail;
    private readonly TimeProvider _time;
    private readonly PasskeyOptions _options;
    private readonly AccessTextProvider _texts;

    internal AccountPasskeys(ISchoolDirectoryStore directory, IPasskeyStore passkeys, ICredentialStore credentials, SessionTickets sessions, MailComposer mail, TimeProvider time, IOptions<PasskeyOptions> options, AccessTextProvider texts)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _passkeys = passkeys ?? throw new ArgumentNullException(nameof(passkeys));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _mail = mail ?? throw new ArgumentNullException(nameof(mail));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value;
        _texts = texts ?? throw new ArgumentNullException(nameof(texts));
    }

    /// <summary>
    /// Opens the adding of a passkey for the ticket's account, after <paramref name="proof"/> that the holder is at the
    /// keyboard (the password, or with the second factor on a TOTP or recovery code). The options exclude the account's
    /// passkeys, require user verification and prefer a discoverable credential. Refusals: the session's own code;
    /// <see cref="AccessErrorCodes.PasskeyReauthenticationRequired"/> without a proof; <see cref="AccessErrorCodes.PasswordCurrentInvalid"/>,
    /// <see cref="AccessErrorCodes.TotpCodeInvalid"/> or <see cref="AccessErrorCodes.SignInLockedOut"/> for a wrong one;
    /// <see cref="AccessErrorCodes.FieldTooLong"/> when the account holds <see cref="PasskeyOptions.MaxPerAccount"/> passkeys.
    /// </summary>
    public async Task<AccessResult<PasskeyCeremonyOptions>> BeginRegistrationAsync(string? ticket, SessionEndProof? proof, CancellationToken cancellationToken = default)
    {
        var validation = await _sessions.ValidateAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (validation.Status != SessionStatus.Valid)
        {
            return AccessResult<PasskeyCeremonyOptions>.Failure(validation.Code!);
        }

        var account = validation.Account!;
        if (await _sessions.ReauthenticateAsync(account, proof, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return AccessResult<PasskeyCeremonyOptions>.Failure(refusal.Code == AccessErrorCodes.SessionReauthenticationRequired
                ? new AccessError(AccessErrorCodes.PasskeyReauthenticationRequired, refusal.Field)
                : refusal);
        }

        var instance = await _directory.FindInstanceBySymbolAsync(account.InstanceSymbol, cancellationToken).ConfigureAwait(false);
        var existing = await _passkeys.ListPasskeysAsync(account.Id, cancellationToken).ConfigureAwait(false);
        if (existing.Count >= _options.MaxPerAccount)
        {
            return AccessResult<PasskeyCeremonyOptions>.Failure(new AccessError(AccessErrorCodes.FieldTooLong, "passkeys"));
        }

        var options = RelyingParty.For(instance!, _options).RequestNewCredential(new RequestNewCredentialParams
        {
            // The handle is random and kept with the account's passkeys: never the e-mail, so an authenticator's list
            // of accounts gives nothing away.
            User = new Fido2User
            {
                Id = existing.Count > 0 ? existing[0].UserHandle : RandomNumberGenerator.GetBytes(UserHandleBytes),
                Name = account.Email,
                DisplayName = account.Email,
            },
            ExcludeCredentials = [.. existing.Select(p => new PublicKeyCredentialDescriptor(p.CredentialId))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Preferred,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return AccessResult<PasskeyCeremonyOptions>.Success(await OpenAsync(PasskeyCeremony.Registration, account.InstanceSymbol, account.Id, options.Challenge, options.ToJson(), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Verifies the browser's answer (<c>PublicKeyCredential.toJSON()</c> of <c>navigator.credentials.create</c>) and adds
    /// the passkey under <paramref name="name"/> (or a default name), queuing a notice. The ceremony is single use.
    /// Refusals: the session's own code; <see cref="AccessErrorCodes.PasskeyChallengeInvalid"/> (unknown, expired,
    /// used, another account's); <see cref="AccessErrorCodes.PasskeyOriginInvalid"/>, <see cref="AccessErrorCodes.PasskeyRelyingPartyInvalid"/>,
    /// <see cref="AccessErrorCodes.PasskeyUserVerificationRequired"/>, <see cref="AccessErrorCodes.PasskeyVerificationFailed"/>;
    /// <see cref="AccessErrorCodes.PasskeyAlreadyRegistered"/>; <see cref="AccessErrorCodes.FieldTooLong"/> or
    /// <see cref="AccessErrorCodes.FieldInvalidCharacters"/> for the name.
    /// </summary>
    public async Task<AccessResult<PasskeySummary>> CompleteRegistrationAsync(string? ticket, string? responseJson, string? name, CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        var validation = await _sessions.ValidateAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (validation.Status != SessionStatus.Valid)
        {
            return AccessResult<PasskeySummary>.Failure(validation.Code!);
        }

        var account = validation.Account!;
        var now = _time.GetUtcNow();
        var cleanName = string.IsNullOrWhiteSpace(name) ? DefaultName(now, _mail.CultureOrDefault(culture)) : name.Trim();
        if (CheckName(cleanName) is { } nameError)
        {
            return AccessResult<PasskeySummary>.Failure(nameError);
        }

        var response = PasskeyFailures.Parse<AuthenticatorAttestationRawResponse>(responseJson);
        if (response?.Response is null)
        {
            return AccessResult<PasskeySummary>.Failure(new AccessError(AccessErrorCodes.PasskeyVerificationFailed, "response"));
        }

        var challenge = PasskeyFailures.ClientDataChallengeHash(response.Response.ClientDataJson) is { } hash
            ? await _passkeys.TakeChallengeAsync(hash, now, cancellationToken).ConfigureAwait(false)
            : null;
        if (challenge is null || challenge.Ceremony != PasskeyCeremony.Registration || challenge.AccountId != account.Id || challenge.InstanceSymbol != account.InstanceSymbol)
        {
            return AccessResult<PasskeySummary>.Failure(new AccessError(AccessErrorCodes.PasskeyChallengeInvalid, "response"));
        }

        var instance = await _directory.FindInstanceBySymbolAsync(account.InstanceSymbol, cancellationToken).ConfigureAwait(false);
        var options = CredentialCreateOptions.FromJson(challenge.OptionsJson);
        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await RelyingParty.For(instance!, _options).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = options,
                IsCredentialIdUniqueToUserCallback = async (args, ct) =>
                    await _passkeys.FindPasskeyAsync(account.InstanceSymbol, args.CredentialId, ct).ConfigureAwait(false) is null,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Everything in the answer is the client's: any failure to read or verify it is a refusal, not a fault.
            return AccessResult<PasskeySummary>.Failure(PasskeyFailures.From(exception));
        }

        var passkey = new Passkey
        {
            Id = Guid.CreateVersion7(now),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            CredentialId = credential.Id,
            PublicKey = credential.PublicKey,
            UserHandle = options.User.Id,
            SignCount = credential.SignCount,
            Transports = [.. (credential.Transports ?? []).Select(Transport)],
            IsBackupEligible = credential.IsBackupEligible,
            IsBackedUp = credential.IsBackedUp,
            Aaguid = credential.AaGuid,
            Name = cleanName,
            CreatedAt = now,
        };
        var notice = _mail.Compose(MailKind.PasskeyAdded, instance!, account.Email, culture, passkeyName: cleanName);
        var added = SecurityTrail.For(account, SecurityEventKind.PasskeyAdded, now, detail: cleanName);
        return await _passkeys.AddPasskeyAsync(passkey, notice, added, cancellationToken).ConfigureAwait(false) switch
        {
            StoreWriteResult.Success => Added(passkey, added),
            StoreWriteResult.Duplicate => AccessResult<PasskeySummary>.Failure(new AccessError(AccessErrorCodes.PasskeyAlreadyRegistered, "response")),
            _ => AccessResult<PasskeySummary>.Failure(AccessErrorCodes.SessionAccountClosed),
        };
    }

    /// <summary>The passkeys of the ticket's account, oldest first.</summary>
    public async Task<AccessResult<IReadOnlyList<PasskeySummary>>> ListAsync(string? ticket, CancellationToken cancellationToken = default)
    {
        var validation = await _sessions.ValidateAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (validation.Status != SessionStatus.Valid)
        {
            return AccessResult<IReadOnlyList<PasskeySummary>>.Failure(validation.Code!);
        }

        var list = await _passkeys.ListPasskeysAsync(validation.Account!.Id, cancellationToken).ConfigureAwait(false);
        return AccessResult<IReadOnlyList<PasskeySummary>>.Success([.. list.Select(PasskeySummary.Of)]);
    }

    /// <summary>Renames a passkey of the ticket's account. Refusals: the session's code, <see cref="AccessErrorCodes.PasskeyNotFound"/>, name errors.</summary>
    public async Task<AccessResult> RenameAsync(string? ticket, Guid passkeyId, string? name, CancellationToken cancellationToken = default)
    {
        var validation = await _sessions.ValidateAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (validation.Status != SessionStatus.Valid)
        {
            return AccessResult.Failure(validation.Code!);
        }

        var cleanName = name?.Trim() ?? string.Empty;
        if (cleanName.Length == 0)
        {
            return AccessResult.Failure(AccessErrorCodes.FieldRequired, "name");
        }

        if (CheckName(cleanName) is { } nameError)
        {
            return AccessResult.Failure(nameError);
        }

        return await _passkeys.RenamePasskeyAsync(validation.Account!.Id, passkeyId, cleanName, cancellationToken).ConfigureAwait(false) == StoreWriteResult.Success
            ? AccessResult.Success()
            : AccessResult.Failure(AccessErrorCodes.PasskeyNotFound, "passkeyId");
    }

    /// <summary>
    /// Removes a passkey of the ticket's account and queues a notice. The last passkey of an account without a password
    /// stays (<see cref="AccessErrorCodes.PasskeyLastWithoutPassword"/>). Refusals: the session's code, <see cref="AccessErrorCodes.PasskeyNotFound"/>.
    /// </summary>
    public async Task<AccessResult> RemoveAsync(string? ticket, Guid passkeyId, CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        var validation = await _sessions.ValidateAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (validation.Status != SessionStatus.Valid)
        {
            return AccessResult.Failure(validation.Code!);
        }

        return await RemoveCoreAsync(validation.Account!, passkeyId, culture, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For the school's operators (the console tool): the passkeys of the account of <paramref name="email"/> in an
    /// instance. An operator cannot add one: a passkey needs the person's authenticator.
    /// </summary>
    public async Task<AccessResult<IReadOnlyList<PasskeySummary>>> ListForAccountAsync(string? symbol, string? email, CancellationToken cancellationToken = default)
    {
        if (await FindAccountAsync(symbol, email, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return AccessResult<IReadOnlyList<PasskeySummary>>.Failure(AccessErrorCodes.AccountNotFound, "email");
        }

        var list = await _passkeys.ListPasskeysAsync(account.Id, cancellationToken).ConfigureAwait(false);
        return AccessResult<IReadOnlyList<PasskeySummary>>.Success([.. list.Select(PasskeySummary.Of)]);
    }

    /// <summary>For the school's operators: removes a passkey of the account of <paramref name="email"/>, with the same rules and notice as <see cref="RemoveAsync"/>.</summary>
    public async Task<AccessResult> RemoveForAccountAsync(string? symbol, string? email, Guid passkeyId, CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        return await FindAccountAsync(symbol, email, cancellationToken).ConfigureAwait(false) is { } account
            ? await RemoveCoreAsync(account, passkeyId, culture, cancellationToken).ConfigureAwait(false)
            : AccessResult.Failure(AccessErrorCodes.AccountNotFound, "email");
    }

    private async Task<Account?> FindAccountAsync(string? symbol, string? email, CancellationToken cancellationToken)
    {
        if (await _directory.FindInstanceBySymbolAsync(symbol, cancellationToken).ConfigureAwait(false) is not { } instance
            || EmailAddress.TryNormalize(email, out var normalized) is not null)
        {
            return null;
        }

        return await _credentials.FindAccountAsync(instance.Symbol, normalized, cancellationToken).ConfigureAwait(false) is { Status: AccountStatus.Active } account ? account : null;
    }

    private async Task<AccessResult> RemoveCoreAsync(Account account, Guid passkeyId, CultureInfo? culture, CancellationToken cancellationToken)
    {
        var list = await _passkeys.ListPasskeysAsync(account.Id, cancellationToken).ConfigureAwait(false);
        if (list.FirstOrDefault(p => p.Id == passkeyId) is not { } passkey)
        {
            return AccessResult.Failure(AccessErrorCodes.PasskeyNotFound, "passkeyId");
        }

        if (list.Count == 1 && string.IsNullOrEmpty(account.PasswordHash))
        {
            return AccessResult.Failure(AccessErrorCodes.PasskeyLastWithoutPassword, "passkeyId");
        }

        var instance = await _directory.FindInstanceBySymbolAsync(account.InstanceSymbol, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var notice = _mail.Compose(MailKind.PasskeyRemoved, instance!, account.Email, culture, passkeyName: passkey.Name);
        var removed = SecurityTrail.For(account, SecurityEventKind.PasskeyRemoved, now, detail: passkey.Name);
        if (await _passkeys.RemovePasskeyAsync(account.Id, passkeyId, notice, removed, cancellationToken).ConfigureAwait(false) != StoreWriteResult.Success)
        {
            return AccessResult.Failure(AccessErrorCodes.PasskeyNotFound, "passkeyId");
        }

        SecurityTrail.Written(removed);
        return AccessResult.Success();
    }

    internal async Task<PasskeyCeremonyOptions> OpenAsync(PasskeyCeremony ceremony, string symbol, Guid? accountId, byte[] challenge, string optionsJson, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var expiresAt = now + _options.ChallengeLifetime;
        await _passkeys.SaveChallengeAsync(new PasskeyChallenge
        {
            ChallengeHash = PasskeyFailures.ChallengeHash(challenge),
            Ceremony = ceremony,
            InstanceSymbol = symbol,
            AccountId = accountId,
            OptionsJson = optionsJson,
            ExpiresAt = expiresAt,
        }, now, cancellationToken).ConfigureAwait(false);
        return new PasskeyCeremonyOptions(optionsJson, expiresAt);
    }

    private static AccessResult<PasskeySummary> Added(Passkey passkey, SecurityEvent added)
    {
        SecurityTrail.Written(added);
        return AccessResult<PasskeySummary>.Success(PasskeySummary.Of(passkey));
    }

    private static AccessError? CheckName(string name)
    {
        if (name.Length > StoreLimits.PasskeyName)
        {
            return new AccessError(AccessErrorCodes.FieldTooLong, "name");
        }

        return name.Any(c => char.IsControl(c) || char.IsSurrogate(c)) ? new AccessError(AccessErrorCodes.FieldInvalidCharacters, "name") : null;
    }

    // In the language of the notice that names it, so the mail and the list read alike.
    private string DefaultName(DateTimeOffset now, CultureInfo culture) =>
        _texts.Format(_texts.Text("PasskeyDefaultName", culture) ?? "Passkey {date}", new Dictionary<string, string> { ["date"] = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, culture);

    private static string Transport(AuthenticatorTransport transport) => transport switch
    {
        AuthenticatorTransport.Usb => "usb",
        AuthenticatorTransport.Nfc => "nfc",
        AuthenticatorTransport.Ble => "ble",
        AuthenticatorTransport.SmartCard => "smart-card",
        AuthenticatorTransport.Hybrid => "hybrid",
        _ => "internal",
    };
}
