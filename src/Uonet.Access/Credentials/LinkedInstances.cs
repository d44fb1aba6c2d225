using Microsoft.Extensions.Options;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Credentials;

/// <summary>
/// The cross-instance view (opt-in with <see cref="UonetAccessOptions.EnableCrossInstanceView"/>): UONET+ keeps each
/// system address apart (R6), so a guardian with children under two addresses signs in twice. Here a signed-in guardian
/// may link the account of the same e-mail in another instance after proving control of it by signing in there; the
/// <b>Uczeń</b> selector then lists the children of both, each labelled with its school and instance. Links carry no
/// visibility: the children are resolved from each instance's records on every call, and an account closed in either
/// instance (e.g. after an e-mail change, R9) drops its links.
/// </summary>
public sealed class LinkedInstances
{
    private readonly ISchoolDirectoryStore _directory;
    private readonly IStudentRecordStore _records;
    private readonly ICredentialStore _credentials;
    private readonly PupilResolver _resolver;
    private readonly SessionTickets _sessions;
    private readonly AccountSignIn _signIn;
    private readonly TimeProvider _time;
    private readonly bool _enabled;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public LinkedInstances(
        ISchoolDirectoryStore directory,
        IStudentRecordStore records,
        ICredentialStore credentials,
        PupilResolver resolver,
        SessionTickets sessions,
        AccountSignIn signIn,
        TimeProvider time,
        IOptions<UonetAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _signIn = signIn ?? throw new ArgumentNullException(nameof(signIn));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _enabled = options.Value.EnableCrossInstanceView;
    }

    /// <summary>
    /// The other instances where the signed-in account's e-mail sees at least one pupil and which are not linked yet.
    /// Only a live session can ask, and only about its own address: there is deliberately no way to ask about a bare
    /// e-mail, so the view cannot be used to find out where an address is known.
    /// </summary>
    /// <param name="sessionTicket">The ticket of the current session.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The instances ordered by symbol; <c>Session.*</c> codes for a ticket that is not valid.</returns>
    public async Task<AccessResult<IReadOnlyList<LinkableInstance>>> DiscoverAsync(string? sessionTicket, CancellationToken cancellationToken = default) =>
        _enabled
            ? await DiscoverForSessionAsync(await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
            : AccessResult<IReadOnlyList<LinkableInstance>>.Failure(new AccessError(AccessErrorCodes.CrossInstanceDisabled));

    /// <summary>
    /// <see cref="DiscoverAsync(string?, CancellationToken)"/> for a session this request has already validated (in
    /// ASP.NET Core, <c>UonetSession.Validation</c>), so a page view does not validate the same ticket again.
    /// </summary>
    /// <param name="session">The answer of <see cref="SessionTickets.ValidateAsync"/> on this request; a session that is not
    /// <see cref="SessionStatus.Valid"/> is refused with its code.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult<IReadOnlyList<LinkableInstance>>> DiscoverForSessionAsync(SessionValidation session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (account, _, error) = SignedIn(session);
        if (account is null)
        {
            return AccessResult<IReadOnlyList<LinkableInstance>>.Failure(error!);
        }

        var linked = (await LinkedAccountsAsync(account, cancellationToken).ConfigureAwait(false)).Select(a => a.InstanceSymbol).ToHashSet(StringComparer.Ordinal);
        var found = new List<LinkableInstance>();
        foreach (var symbol in await _records.FindInstancesByEmailAsync(account.Email, cancellationToken).ConfigureAwait(false))
        {
            if (symbol == account.InstanceSymbol || linked.Contains(symbol))
            {
                continue;
            }

            // A record that merely mentions the address is not enough: it must pass R1/R2 there, as sign-in would require.
            if ((await _resolver.ResolveNormalizedAsync(symbol, account.Email, cancellationToken).ConfigureAwait(false)).Count > 0
                && await _directory.FindInstanceAsync(symbol, cancellationToken).ConfigureAwait(false) is { } instance)
            {
                found.Add(new LinkableInstance(instance.Symbol, instance.Name, instance.BaseUrl));
            }
        }

        found.Sort(static (a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
        return AccessResult<IReadOnlyList<LinkableInstance>>.Success(found);
    }

    /// <summary>
    /// Links the signed-in account with the account of the same e-mail in <paramref name="otherSymbol"/>: the guardian
    /// proves control of it by signing in there (lockout and throttling of that instance apply; the session the proof
    /// opens is ended at once). A refused proof answers <see cref="AccessErrorCodes.CrossInstanceNotEligible"/> whether
    /// the password was wrong, no account exists there or the address sees nobody there, so the answer does not tell
    /// them apart; lockout, throttling, a required or wrong second factor and a technical break keep their own codes.
    /// </summary>
    /// <param name="sessionTicket">The ticket of the current session.</param>
    /// <param name="otherSymbol">The other instance's symbol.</param>
    /// <param name="password">The password of the account in the other instance.</param>
    /// <param name="totpCode">Its TOTP code, when that account has a second factor.</param>
    /// <param name="clientKey">The client's key for throttling (as in <see cref="SignInRequest.ClientKey"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult> LinkAsync(string? sessionTicket, string otherSymbol, string password, string? totpCode = null, string? clientKey = null, CancellationToken cancellationToken = default)
    {
        var (account, _, error) = await SignedInAsync(sessionTicket, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return AccessResult.Failure(error!);
        }

        var (symbol, symbolError) = await OtherInstanceAsync(account, otherSymbol, cancellationToken).ConfigureAwait(false);
        if (symbolError is not null)
        {
            return AccessResult.Failure(symbolError);
        }

        var proof = await _signIn.SignInAsync(new SignInRequest
        {
            InstanceSymbol = symbol,
            Email = account.Email,
            Password = password,
            ClientKey = clientKey,
        }, cancellationToken).ConfigureAwait(false);
        if (proof.Outcome == SignInOutcome.RequiresSecondFactor && !string.IsNullOrWhiteSpace(totpCode))
        {
            proof = await _signIn.CompleteSecondFactorAsync(new SecondFactorRequest
            {
                InstanceSymbol = symbol,
                Ticket = proof.SecondFactorTicket!,
                TotpCode = totpCode,
                ClientKey = clientKey,
            }, cancellationToken).ConfigureAwait(false);
        }

        if (!proof.Succeeded)
        {
            // A wrong second factor comes only after a right password, which RequiresSecondFactor has already confirmed.
            return proof.Outcome == SignInOutcome.Failed && proof.Error?.Code != AccessErrorCodes.SignInSecondFactorFailed
                ? AccessResult.Failure(AccessErrorCodes.CrossInstanceNotEligible, "password")
                : AccessResult.Failure(proof.Error!);
        }

        // The sign-in was only a proof: the guardian stays signed in where they started.
        await _sessions.SignOutAsync(proof.SessionTicket, cancellationToken).ConfigureAwait(false);
        var other = await _credentials.FindAccountAsync(symbol, account.Email, cancellationToken).ConfigureAwait(false);
        // The account may have been closed (R9) between the proof and now.
        if (other is null || other.Status != AccountStatus.Active)
        {
            return AccessResult.Failure(AccessErrorCodes.CrossInstanceNotEligible, "password");
        }

        await _credentials.LinkAccountsAsync(account.Id, other.Id, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return AccessResult.Success();
    }

    /// <summary>Removes the link with <paramref name="otherSymbol"/> at once; succeeds also when there was none.</summary>
    /// <param name="sessionTicket">The ticket of the current session.</param>
    /// <param name="otherSymbol">The other instance's symbol.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult> UnlinkAsync(string? sessionTicket, string otherSymbol, CancellationToken cancellationToken = default)
    {
        var (account, _, error) = await SignedInAsync(sessionTicket, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return AccessResult.Failure(error!);
        }

        if (InstanceSymbol.TryNormalize(otherSymbol, out var symbol) is { } symbolError)
        {
            return AccessResult.Failure(symbolError);
        }

        if (symbol == account.InstanceSymbol)
        {
            return AccessResult.Failure(AccessErrorCodes.CrossInstanceSameInstance, "otherSymbol");
        }

        // Every linked account of that instance goes, valid or not, so nothing of it can come back later.
        foreach (var id in await _credentials.ListLinkedAccountsAsync(account.Id, cancellationToken).ConfigureAwait(false))
        {
            if (await _credentials.FindAccountByIdAsync(id, cancellationToken).ConfigureAwait(false) is { } other && other.InstanceSymbol == symbol)
            {
                await _credentials.UnlinkAccountsAsync(account.Id, id, cancellationToken).ConfigureAwait(false);
            }
        }

        return AccessResult.Success();
    }

    /// <summary>
    /// Every pupil the signed-in account sees plus those of each linked account, resolved now in each instance from its
    /// records (R5, R8), each labelled with its instance and school; ordered by instance symbol, then last and first
    /// name. A link whose other account is closed, has another e-mail or sees nobody adds nothing.
    /// </summary>
    /// <param name="sessionTicket">The ticket of the current session.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult<IReadOnlyList<VisiblePupil>>> ResolveAllAsync(string? sessionTicket, CancellationToken cancellationToken = default) =>
        _enabled
            ? await ResolveAllForSessionAsync(await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
            : AccessResult<IReadOnlyList<VisiblePupil>>.Failure(new AccessError(AccessErrorCodes.CrossInstanceDisabled));

    /// <summary>
    /// <see cref="ResolveAllAsync(string?, CancellationToken)"/> for a session this request has already validated (in
    /// ASP.NET Core, <c>UonetSession.Validation</c>): the account's own pupils come from that validation, so a page view
    /// reads the session once.
    /// </summary>
    /// <param name="session">The answer of <see cref="SessionTickets.ValidateAsync"/> on this request; a session that is not
    /// <see cref="SessionStatus.Valid"/> is refused with its code.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult<IReadOnlyList<VisiblePupil>>> ResolveAllForSessionAsync(SessionValidation session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var (account, own, error) = SignedIn(session);
        if (account is null)
        {
            return AccessResult<IReadOnlyList<VisiblePupil>>.Failure(error!);
        }

        var pupils = new List<VisiblePupil>(own);
        foreach (var other in await LinkedAccountsAsync(account, cancellationToken).ConfigureAwait(false))
        {
            pupils.AddRange(await _resolver.ResolveNormalizedAsync(other.InstanceSymbol, other.Email, cancellationToken).ConfigureAwait(false));
        }

        pupils.Sort(static (a, b) =>
        {
            var byInstance = string.CompareOrdinal(a.InstanceSymbol, b.InstanceSymbol);
            if (byInstance != 0)
            {
                return byInstance;
            }

            var byLast = PolishOrder.Names.Compare(a.LastName, b.LastName);
            if (byLast != 0)
            {
                return byLast;
            }

            var byFirst = PolishOrder.Names.Compare(a.FirstName, b.FirstName);
            return byFirst != 0 ? byFirst : string.CompareOrdinal(a.UnitCode, b.UnitCode);
        });
        return AccessResult<IReadOnlyList<VisiblePupil>>.Success(pupils);
    }

    private async Task<(Account? Account, IReadOnlyList<VisiblePupil> Pupils, AccessError? Error)> SignedInAsync(string? sessionTicket, CancellationToken cancellationToken) =>
        _enabled
            ? SignedIn(await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false))
            : (null, [], new AccessError(AccessErrorCodes.CrossInstanceDisabled));

    private (Account? Account, IReadOnlyList<VisiblePupil> Pupils, AccessError? Error) SignedIn(SessionValidation validation)
    {
        if (!_enabled)
        {
            return (null, [], new AccessError(AccessErrorCodes.CrossInstanceDisabled));
        }

        return validation is { Status: SessionStatus.Valid, Account: { } account }
            ? (account, validation.Pupils, null)
            : (null, [], new AccessError(validation.Code ?? AccessErrorCodes.SessionNotFound));
    }

    private async Task<(string Symbol, AccessError? Error)> OtherInstanceAsync(Account account, string otherSymbol, CancellationToken cancellationToken)
    {
        if (await _directory.FindInstanceBySymbolAsync(otherSymbol, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return (otherSymbol, new AccessError(AccessErrorCodes.InstanceNotFound, "otherSymbol"));
        }

        var symbol = instance.Symbol;

        return symbol == account.InstanceSymbol
            ? (symbol, new AccessError(AccessErrorCodes.CrossInstanceSameInstance, "otherSymbol"))
            : (symbol, null);
    }

    // Links are only trusted while they still join the same address in another instance and that account is open.
    private async Task<IReadOnlyList<Account>> LinkedAccountsAsync(Account account, CancellationToken cancellationToken)
    {
        var accounts = new List<Account>();
        foreach (var id in await _credentials.ListLinkedAccountsAsync(account.Id, cancellationToken).ConfigureAwait(false))
        {
            if (await _credentials.FindAccountByIdAsync(id, cancellationToken).ConfigureAwait(false) is { Status: AccountStatus.Active } other
                && other.Email == account.Email
                && other.InstanceSymbol != account.InstanceSymbol)
            {
                accounts.Add(other);
            }
        }

        return accounts;
    }
}

/// <summary>Another instance where the signed-in address may be linked (see <see cref="LinkedInstances.DiscoverAsync"/>).</summary>
/// <param name="Symbol">The instance's symbol.</param>
/// <param name="Name">The name shown to people, e.g. "Powiat Wulkanowy".</param>
/// <param name="BaseUrl">The address of its site.</param>
public sealed record LinkableInstance(string Symbol, string Name, Uri BaseUrl);
