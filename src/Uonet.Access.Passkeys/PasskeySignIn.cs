using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.Passkeys;

/// <summary>
/// Sign-in with a passkey: with the e-mail typed, or without (a discoverable credential, also from the browser's
/// autofill, conditional mediation). It ends in the same session ticket as a password sign-in and counts as both
/// factors (user verification is required), and it goes through the same steps: technical breaks, per-client
/// throttling, the address's lockout, closure and eligibility (R1/R2).
/// </summary>
public sealed class PasskeySignIn
{
    private readonly ISchoolDirectoryStore _directory;
    private readonly ICredentialStore _credentials;
    private readonly IPasskeyStore _passkeys;
    private readonly AccountSignIn _signIn;
    private readonly AccountPasskeys _ceremonies;
    private readonly TimeProvider _time;
    private readonly PasskeyOptions _options;

    internal PasskeySignIn(ISchoolDirectoryStore directory, ICredentialStore credentials, IPasskeyStore passkeys, AccountSignIn signIn, AccountPasskeys ceremonies, TimeProvider time, IOptions<PasskeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _passkeys = passkeys ?? throw new ArgumentNullException(nameof(passkeys));
        _signIn = signIn ?? throw new ArgumentNullException(nameof(signIn));
        _ceremonies = ceremonies ?? throw new ArgumentNullException(nameof(ceremonies));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value;
    }

    /// <summary>
    /// Opens a sign-in in an instance. Without <paramref name="email"/> the options name no credential (the
    /// authenticator offers its passkeys for the site: discoverable sign-in and autofill); with one, only a passkey of
    /// that address's account is accepted, and the options still name none, so they say nothing about whether the
    /// address has an account. Refused only for an unknown instance (<see cref="AccessErrorCodes.InstanceNotFound"/>).
    /// </summary>
    public async Task<AccessResult<PasskeyCeremonyOptions>> BeginAsync(string? symbol, string? email = null, CancellationToken cancellationToken = default)
    {
        if (await _directory.FindInstanceBySymbolAsync(symbol, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return AccessResult<PasskeyCeremonyOptions>.Failure(AccessErrorCodes.InstanceNotFound, "symbol");
        }

        Guid? accountId = null;
        if (!string.IsNullOrWhiteSpace(email))
        {
            // An unknown address binds the ceremony to an id no account has: it then fails like a wrong passkey.
            accountId = EmailAddress.TryNormalize(email, out var normalized) is null
                && await _credentials.FindAccountAsync(instance.Symbol, normalized, cancellationToken).ConfigureAwait(false) is { } account
                ? account.Id
                : Guid.NewGuid();
        }

        var options = RelyingParty.For(instance, _options).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [],
            UserVerification = UserVerificationRequirement.Required,
        });
        return AccessResult<PasskeyCeremonyOptions>.Success(await _ceremonies.OpenAsync(PasskeyCeremony.SignIn, instance.Symbol, accountId, options.Challenge, options.ToJson(), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Verifies the browser's answer (<c>PublicKeyCredential.toJSON()</c> of <c>navigator.credentials.get</c>) and signs
    /// in. The ceremony is single use: of parallel answers to one challenge, one at most gets a session. Refusals, each
    /// with a stable code: <see cref="AccessErrorCodes.PasskeyChallengeInvalid"/>, <see cref="AccessErrorCodes.PasskeyUnknown"/>,
    /// <see cref="AccessErrorCodes.PasskeyOriginInvalid"/>, <see cref="AccessErrorCodes.PasskeyRelyingPartyInvalid"/>,
    /// <see cref="AccessErrorCodes.PasskeyUserVerificationRequired"/>, <see cref="AccessErrorCodes.PasskeySignCountRegressed"/>
    /// (also recorded in the account's trail), <see cref="AccessErrorCodes.PasskeyVerificationFailed"/>, and as for a
    /// password: <see cref="AccessErrorCodes.SignInLockedOut"/>, throttling, <see cref="AccessErrorCodes.SignInNotEligible"/>,
    /// technical breaks.
    /// </summary>
    public Task<AccountSignInResult> CompleteAsync(PasskeySignInRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var proof = new PasskeyProof(this, request.ResponseJson);
        return _signIn.SignInWithProofAsync(request.InstanceSymbol, proof, request.ClientKey, request.UserAgent, request.ClientAddress, cancellationToken);
    }

    /// <summary>One answer of an authenticator, checked inside <see cref="AccountSignIn"/>'s steps.</summary>
    private sealed class PasskeyProof(PasskeySignIn owner, string? responseJson) : IPasswordlessProof
    {
        private AuthenticatorAssertionRawResponse? _response;
        private PasskeyChallenge? _challenge;
        private Passkey? _passkey;
        private VerifyAssertionResult? _verified;

        public string Method => "Passkey";

        public async Task<(Account? Account, AccessError? Refusal)> FindAccountAsync(string symbol, CancellationToken cancellationToken)
        {
            _response = PasskeyFailures.Parse<AuthenticatorAssertionRawResponse>(responseJson);
            if (_response?.Response is null || _response.RawId is not { Length: > 0 and <= StoreLimits.CredentialId })
            {
                return (null, new AccessError(AccessErrorCodes.PasskeyVerificationFailed, "response"));
            }

            var now = owner._time.GetUtcNow();
            _challenge = PasskeyFailures.ClientDataChallengeHash(_response.Response.ClientDataJson) is { } hash
                ? await owner._passkeys.TakeChallengeAsync(hash, now, cancellationToken).ConfigureAwait(false)
                : null;
            if (_challenge is null || _challenge.Ceremony != PasskeyCeremony.SignIn || _challenge.InstanceSymbol != symbol)
            {
                return (null, new AccessError(AccessErrorCodes.PasskeyChallengeInvalid, "response"));
            }

            _passkey = await owner._passkeys.FindPasskeyAsync(symbol, _response.RawId, cancellationToken).ConfigureAwait(false);
            if (_passkey is null || (_challenge.AccountId is { } expected && expected != _passkey.AccountId))
            {
                return (null, new AccessError(AccessErrorCodes.PasskeyUnknown, "response"));
            }

            var account = await owner._credentials.FindAccountByIdAsync(_passkey.AccountId, cancellationToken).ConfigureAwait(false);
            return account is null ? (null, new AccessError(AccessErrorCodes.PasskeyUnknown, "response")) : (account, null);
        }

        public async Task<(AccessError? Refusal, SecurityEvent? Event)> VerifyAsync(Account account, CancellationToken cancellationToken)
        {
            var instance = await owner._directory.FindInstanceBySymbolAsync(account.InstanceSymbol, cancellationToken).ConfigureAwait(false);
            var passkey = _passkey!;
            try
            {
                _verified = await RelyingParty.For(instance!, owner._options).MakeAssertionAsync(new MakeAssertionParams
                {
                    AssertionResponse = _response!,
                    OriginalOptions = AssertionOptions.FromJson(_challenge!.OptionsJson),
                    StoredPublicKey = passkey.PublicKey,
                    StoredSignatureCounter = (uint)passkey.SignCount,
                    IsUserHandleOwnerOfCredentialIdCallback = (args, _) =>
                        Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(passkey.UserHandle) && args.CredentialId.AsSpan().SequenceEqual(passkey.CredentialId)),
                }, cancellationToken).ConfigureAwait(false);
                return (null, null);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Everything in the answer is the client's: any failure to read or verify it is a refusal, not a fault.
                var refusal = PasskeyFailures.From(exception);
                var cloned = refusal.Code == AccessErrorCodes.PasskeySignCountRegressed
                    ? SecurityTrail.For(account, SecurityEventKind.PasskeySignCountRegressed, owner._time.GetUtcNow(), detail: passkey.Name)
                    : null;
                return (refusal, cloned);
            }
        }

        public async Task<AccessError?> CommitAsync(CancellationToken cancellationToken)
        {
            var passkey = _passkey!;
            var written = await owner._passkeys.RecordPasskeyUseAsync(passkey.Id, passkey.SignCount, _verified!.SignCount, _verified.IsBackedUp, owner._time.GetUtcNow(), cancellationToken).ConfigureAwait(false);

            // A conflict means another sign-in moved the counter meanwhile: with a counter, one of two answers is stale.
            return written == StoreWriteResult.Success || (written == StoreWriteResult.Conflict && _verified.SignCount == 0)
                ? null
                : new AccessError(AccessErrorCodes.PasskeyChallengeInvalid, "response");
        }
    }
}

/// <summary>The answer of an authenticator to a passkey sign-in.</summary>
public sealed record PasskeySignInRequest
{
    /// <summary>The instance symbol from the address the user opened (R6).</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The browser's <c>PublicKeyCredential.toJSON()</c> of <c>navigator.credentials.get</c>.</summary>
    public required string ResponseJson { get; init; }

    /// <summary>The client's key for throttling (e.g. IP address), or <see langword="null"/>.</summary>
    public string? ClientKey { get; init; }

    /// <summary>The client's User-Agent header, for the account holder's list of sessions (only a short description is kept).</summary>
    public string? UserAgent { get; init; }

    /// <summary>The client's IP address, for the list of sessions (only its network is kept).</summary>
    public string? ClientAddress { get; init; }
}
