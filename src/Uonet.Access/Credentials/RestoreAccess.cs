using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uonet.Access.Diagnostics;
using Uonet.Access.Eligibility;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Credentials;

/// <summary>
/// The first login and <b>Przywróć dostęp</b> ("restore access"): one procedure (R3, R4). <see cref="StartAsync"/>
/// mails a single-use link to an eligible address and answers every address the same way; <see cref="CompleteAsync"/>
/// sets the password through the link.
/// </summary>
public sealed class RestoreAccess
{
    private readonly ISchoolDirectoryStore _directory;
    private readonly IStudentRecordStore _records;
    private readonly ICredentialStore _credentials;
    private readonly PupilResolver _resolver;
    private readonly IPasswordHasher _hasher;
    private readonly PasswordPolicy _policy;
    private readonly IHumanCheck _humanCheck;
    private readonly MailComposer _mail;
    private readonly TimeProvider _time;
    private readonly UonetAccessOptions _options;
    private readonly ILogger _logger;

    internal RestoreAccess(
        ISchoolDirectoryStore directory,
        IStudentRecordStore records,
        ICredentialStore credentials,
        PupilResolver resolver,
        IPasswordHasher hasher,
        PasswordPolicy policy,
        IHumanCheck humanCheck,
        MailComposer mail,
        TimeProvider time,
        IOptions<UonetAccessOptions> options,
        ILogger<RestoreAccess>? logger = null)
    {
        _directory = directory;
        _records = records;
        _credentials = credentials;
        _resolver = resolver;
        _hasher = hasher;
        _policy = policy;
        _humanCheck = humanCheck;
        _mail = mail;
        _time = time;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Starts the procedure for an address. The answer is the same for an eligible, an ineligible and an unknown
    /// address (no enumeration by message, status or work done): an eligible address gets a link by mail, another
    /// gets a notice saying whom to ask (when <see cref="MailOptions.SendNotRegisteredNotice"/> is on). Refusals that
    /// do not depend on the address: a failed human check, an invalid address, an unknown instance, a client over its limit.
    /// </summary>
    public async Task<AccessResult> StartAsync(StartAccessRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.RestoreAccess.Start");
        if (!await _humanCheck.VerifyAsync(request.HumanCheckResponse, request.ClientKey, cancellationToken).ConfigureAwait(false))
        {
            return AccessResult.Failure(AccessErrorCodes.HumanCheckFailed);
        }

        var instance = await _directory.FindInstanceBySymbolAsync(request.InstanceSymbol, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return AccessResult.Failure(AccessErrorCodes.InstanceNotFound, "symbol");
        }

        var emailError = EmailAddress.TryNormalize(request.Email, out var email);
        if (emailError is not null)
        {
            return AccessResult.Failure(emailError);
        }

        var now = _time.GetUtcNow();
        var settings = _options.AccessLinks;
        if (!string.IsNullOrEmpty(request.ClientKey))
        {
            var client = await _credentials.RecordAttemptAsync(AttemptKeys.StartClient(request.ClientKey), now, settings.PerClient, cancellationToken).ConfigureAwait(false);
            if (!client.Accepted)
            {
                return AccessResult.Failure(AttemptKeys.RateLimitError(client, now));
            }
        }

        // Over the per-address limit the answer stays the same; only the mail is withheld, so the limit protects the
        // mailbox without telling the requester anything.
        var perAddress = await _credentials.RecordAttemptAsync(AttemptKeys.StartAddress(instance.Symbol, email), now, settings.PerAddress, cancellationToken).ConfigureAwait(false);
        var standing = await _resolver.ResolveStandingAsync(instance.Symbol, email, cancellationToken).ConfigureAwait(false);

        // Both paths draw and hash a token and make one store write, so neither is measurably cheaper.
        var token = SecretTokens.NewToken();
        var tokenHash = SecretTokens.Hash(token);
        LinkToken? linkToken = null;
        OutboxMessage? mail = null;
        if (standing.MaySignIn)
        {
            var expiresAt = now + settings.TokenLifetime;
            linkToken = new LinkToken
            {
                Id = Guid.CreateVersion7(now),
                TokenHash = tokenHash,
                InstanceSymbol = instance.Symbol,
                Email = email,
                CreatedAt = now,
                ExpiresAt = expiresAt,
            };
            mail = _mail.Compose(MailKind.AccessLink, instance, email, request.Culture, BuildLink(instance, token), expiresAt);
        }
        else if (_options.Mail.SendNotRegisteredNotice)
        {
            mail = _mail.Compose(MailKind.NotRegistered, instance, email, request.Culture);
        }

        if (!perAddress.Accepted)
        {
            linkToken = null;
            mail = null;
        }

        // The store files the event under the address's account, or drops it when there is none: no extra call, so a
        // known address costs the same as an unknown one.
        var requested = linkToken is null
            ? null
            : SecurityTrail.For(Guid.Empty, instance.Symbol, SecurityEventKind.RestoreLinkRequested, now, SessionClient.Of(request.UserAgent, request.ClientAddress ?? request.ClientKey));
        await _credentials.RecordLinkRequestAsync(linkToken, mail, now, requested, cancellationToken).ConfigureAwait(false);
        if (linkToken is not null)
        {
            AccessTelemetry.LinkTokensIssued.Add(1);
        }

        LogEvents.AccessStarted(_logger, instance.Symbol);
        return AccessResult.Success();
    }

    /// <summary>
    /// Completes the procedure: checks the link, re-checks that the address may still sign in, applies the password
    /// policy, and then atomically uses up the link, creates or updates the account with a new security stamp (ending
    /// every other session) and queues a "password set" notice. It does not sign the user in. A refused password
    /// leaves the link usable.
    /// </summary>
    public async Task<AccessResult> CompleteAsync(CompleteAccessRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.RestoreAccess.Complete");
        var token = request.Token?.Trim();
        if (!SecretTokens.HasTokenShape(token))
        {
            return AccessResult.Failure(AccessErrorCodes.LinkInvalid, "token");
        }

        var tokenHash = SecretTokens.Hash(token!);
        var link = await _credentials.FindLinkTokenAsync(tokenHash, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var state = LinkState(link, now);
        if (state is not null)
        {
            return AccessResult.Failure(state, "token");
        }

        var instance = await _directory.FindInstanceAsync(link!.InstanceSymbol, cancellationToken).ConfigureAwait(false);
        // One read of the records serves both the eligibility re-check and the personal data the password may not hold.
        var records = await _records.FindStudentsByEmailAsync(link.InstanceSymbol, link.Email, cancellationToken).ConfigureAwait(false);
        var standing = instance is null ? default : await _resolver.ResolveStandingAsync(link.InstanceSymbol, link.Email, records, cancellationToken).ConfigureAwait(false);
        if (!standing.MaySignIn)
        {
            return AccessResult.Failure(AccessErrorCodes.LinkNotEligible);
        }

        var context = PasswordContext.Of(link.Email, records, standing.Staff);
        var verdict = _policy.Validate(request.Password, context);
        if (!verdict.Succeeded)
        {
            return verdict;
        }

        var hash = await _hasher.HashAsync(PasswordPolicy.Normalize(request.Password!), cancellationToken).ConfigureAwait(false);
        var existing = await _credentials.FindAccountAsync(link.InstanceSymbol, link.Email, cancellationToken).ConfigureAwait(false);
        now = _time.GetUtcNow();
        var account = existing is null
            ? new Account
            {
                Id = Guid.CreateVersion7(now),
                InstanceSymbol = link.InstanceSymbol,
                Email = link.Email,
                PasswordHash = hash,
                SecurityStamp = SecretTokens.NewStamp(),
                CreatedAt = now,
                PasswordChangedAt = now,
            }
            : existing with
            {
                PasswordHash = hash,
                SecurityStamp = SecretTokens.NewStamp(),
                PasswordChangedAt = now,
                Status = AccountStatus.Active,
                ClosedAt = null,
                SecondFactorTicket = null,
                Version = existing.Version + 1,
            };
        var notice = _mail.Compose(MailKind.PasswordSet, instance!, link.Email, request.Culture);
        var passwordSet = SecurityTrail.For(account, SecurityEventKind.PasswordSet, now, SessionClient.Of(request.UserAgent, request.ClientAddress));
        var consumed = await _credentials.ConsumeLinkTokenAsync(tokenHash, now, account, existing?.Version, notice, passwordSet, cancellationToken).ConfigureAwait(false);
        if (consumed != LinkTokenConsumption.Consumed)
        {
            return AccessResult.Failure(consumed switch
            {
                LinkTokenConsumption.AlreadyUsed => AccessErrorCodes.LinkUsed,
                LinkTokenConsumption.Superseded => AccessErrorCodes.LinkSuperseded,
                LinkTokenConsumption.Expired => AccessErrorCodes.LinkExpired,
                LinkTokenConsumption.AccountConflict => AccessErrorCodes.AccountConflict,
                _ => AccessErrorCodes.LinkInvalid,
            });
        }

        // The new security stamp ends the other sessions; they are not also revoked in the store, so that they
        // validate as CredentialsChanged ("the password changed") rather than SignedOut.
        AccessTelemetry.LinkTokensConsumed.Add(1);
        LogEvents.PasswordSet(_logger, account.Id, link.InstanceSymbol, existing is null);
        return AccessResult.Success();
    }

    /// <summary>Whether a link can still be used, without using it: for a page that shows the password form only for a live link.</summary>
    public async Task<AccessResult> CheckLinkAsync(string? token, CancellationToken cancellationToken = default)
    {
        var trimmed = token?.Trim();
        if (!SecretTokens.HasTokenShape(trimmed))
        {
            return AccessResult.Failure(AccessErrorCodes.LinkInvalid, "token");
        }

        var link = await _credentials.FindLinkTokenAsync(SecretTokens.Hash(trimmed!), cancellationToken).ConfigureAwait(false);
        var state = LinkState(link, _time.GetUtcNow());
        return state is null ? AccessResult.Success() : AccessResult.Failure(state, "token");
    }

    private static string? LinkState(LinkToken? link, DateTimeOffset now) => link switch
    {
        null => AccessErrorCodes.LinkInvalid,
        { ConsumedAt: not null } => AccessErrorCodes.LinkUsed,
        { SupersededAt: not null } => AccessErrorCodes.LinkSuperseded,
        _ when link.ExpiresAt <= now => AccessErrorCodes.LinkExpired,
        _ => null,
    };

    private Uri BuildLink(SchoolInstance instance, string token)
    {
        var baseUrl = instance.BaseUrl.AbsoluteUri.EndsWith('/') ? instance.BaseUrl : new Uri(instance.BaseUrl.AbsoluteUri + "/");
        return new Uri(baseUrl, _options.AccessLinks.LinkTemplate.Replace("{token}", token, StringComparison.Ordinal));
    }
}

/// <summary>A request to start the first-login / restore-access procedure.</summary>
public sealed record StartAccessRequest
{
    /// <summary>The instance symbol from the address the user opened.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The e-mail as typed.</summary>
    public required string Email { get; init; }

    /// <summary>The human check's response (captcha token), passed to <see cref="IHumanCheck"/>.</summary>
    public string? HumanCheckResponse { get; init; }

    /// <summary>The client's key for rate limiting (e.g. IP address), or <see langword="null"/>.</summary>
    public string? ClientKey { get; init; }

    /// <summary>
    /// The client's User-Agent header, or <see langword="null"/>: the account's security trail keeps only a short
    /// description of it ("Firefox, Windows"), as for <see cref="SignInRequest.UserAgent"/>.
    /// </summary>
    public string? UserAgent { get; init; }

    /// <summary>
    /// The client's IP address, or <see langword="null"/> to use <see cref="ClientKey"/> when that is one: the trail keeps
    /// only its /24 (IPv4) or /48 (IPv6) network, as for <see cref="SignInRequest.ClientAddress"/>.
    /// </summary>
    public string? ClientAddress { get; init; }

    /// <summary>The mail's language; <see langword="null"/> means <see cref="MailOptions.DefaultCulture"/>.</summary>
    public CultureInfo? Culture { get; init; }
}

/// <summary>A request to complete the procedure with a new password.</summary>
public sealed record CompleteAccessRequest
{
    /// <summary>The token from the link.</summary>
    public required string Token { get; init; }

    /// <summary>The new password as typed.</summary>
    public required string Password { get; init; }

    /// <summary>The client's User-Agent header, or <see langword="null"/>; the trail keeps only a short description of it.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The client's IP address, or <see langword="null"/>; the trail keeps only its /24 or /48 network.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>The notice's language; <see langword="null"/> means <see cref="MailOptions.DefaultCulture"/>.</summary>
    public CultureInfo? Culture { get; init; }
}
