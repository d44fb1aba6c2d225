using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Uonet.Access.Devices;
using Uonet.Access.Eligibility;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Credentials;

/// <summary>
/// Closes the account of an address that no longer backs any record (R9): in one store write its sessions end, its
/// devices are revoked with a reason the app can act on, its open links and pairing tickets die, its cross-instance
/// links go, and a notice is queued to the old address. It runs after record changes have been written.
/// </summary>
internal sealed partial class AccountClosure
{
    private readonly ISchoolDirectoryStore _directory;
    private readonly ICredentialStore _credentials;
    private readonly PupilResolver _resolver;
    private readonly MailComposer _mail;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AccountClosure(ISchoolDirectoryStore directory, ICredentialStore credentials, PupilResolver resolver, MailComposer mail, TimeProvider time, ILogger<AccountClosure>? logger = null)
    {
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _mail = mail ?? throw new ArgumentNullException(nameof(mail));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Closes the active account of (<paramref name="symbol"/>, <paramref name="email"/>) when the address sees no pupil
    /// any more; does nothing when there is no such account, it is closed already, or some record still backs it.
    /// </summary>
    /// <param name="symbol">The normalized instance symbol.</param>
    /// <param name="email">The normalized address.</param>
    /// <param name="reason"><see cref="DeviceRevocationReason.EmailChanged"/> when the address was replaced by another one,
    /// <see cref="DeviceRevocationReason.AccountClosed"/> when a record edit took the eligibility away.</param>
    /// <param name="culture">The notice's language; <see langword="null"/> means <see cref="MailOptions.DefaultCulture"/>.</param>
    /// <param name="client">The client of the staff member whose change closes the account, for the account's trail.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether this call closed the account.</returns>
    public async Task<bool> CloseIfIneligibleAsync(string symbol, string email, DeviceRevocationReason reason, CultureInfo? culture, SessionClient? client, CancellationToken cancellationToken)
    {
        try
        {
            return await CloseAsync(symbol, email, reason, culture, client ?? NoClient, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The records are already written and stay the truth: sessions and sign-in derive eligibility from them on every request, so a failed clean-up is logged, not reported as a failed record change.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            ClosureFailed(_logger, symbol, exception);
            return false;
        }
    }

    /// <summary>
    /// After a change of one record: closes the accounts of the addresses that could sign in through the record before
    /// and cannot after it, unless another record still backs them.
    /// </summary>
    public async Task CloseLostAsync(StudentRecord before, StudentRecord after, SessionClient? client, CancellationToken cancellationToken)
    {
        if (before.Email is null && before.Guardians.All(g => g.Email is null))
        {
            return;
        }

        var unit = await _directory.FindUnitAsync(after.InstanceSymbol, after.UnitCode, cancellationToken).ConfigureAwait(false);
        foreach (var (email, reason) in LostAddresses(before, after, unit))
        {
            await CloseIfIneligibleAsync(after.InstanceSymbol, email, reason, null, client, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The addresses eligible through <paramref name="before"/> and not through <paramref name="after"/>, each with
    /// <see cref="DeviceRevocationReason.EmailChanged"/> when the same entry (the pupil's own e-mail, or a guardian entry
    /// by id) now holds a different address, else <see cref="DeviceRevocationReason.AccountClosed"/>.
    /// </summary>
    internal static IReadOnlyList<(string Email, DeviceRevocationReason Reason)> LostAddresses(StudentRecord before, StudentRecord after, SchoolUnit? unit)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        if (after.Email is { } ownAfter && EligibilityRules.IsStudentEligible(after))
        {
            kept.Add(ownAfter);
        }

        kept.UnionWith(after.Guardians.Where(g => EligibilityRules.IsGuardianEligible(after, g, unit)).Select(g => g.Email!));

        var lost = new List<(string, DeviceRevocationReason)>();
        if (before.Email is { } own && EligibilityRules.IsStudentEligible(before) && !kept.Contains(own))
        {
            lost.Add((own, ReasonFor(own, after.Email)));
        }

        foreach (var guardian in before.Guardians)
        {
            if (guardian.Email is { } address && EligibilityRules.IsGuardianEligible(before, guardian, unit) && !kept.Contains(address))
            {
                lost.Add((address, ReasonFor(address, after.Guardians.FirstOrDefault(g => g.Id == guardian.Id)?.Email)));
            }
        }

        return lost;
    }

    private static DeviceRevocationReason ReasonFor(string address, string? replacement) =>
        replacement is not null && replacement != address ? DeviceRevocationReason.EmailChanged : DeviceRevocationReason.AccountClosed;

    private static readonly SessionClient NoClient = new(null, null);

    private async Task<bool> CloseAsync(string symbol, string email, DeviceRevocationReason reason, CultureInfo? culture, SessionClient client, CancellationToken cancellationToken)
    {
        var account = await _credentials.FindAccountAsync(symbol, email, cancellationToken).ConfigureAwait(false);
        if (account is null || account.Status != AccountStatus.Active)
        {
            return false;
        }

        // A record that lists the address again between this check and the close leaves a closed account for an
        // eligible address: Przywróć dostęp reopens it, so no record change has to wait for this one.
        if ((await _resolver.ResolveStandingAsync(symbol, email, cancellationToken).ConfigureAwait(false)).MaySignIn)
        {
            return false;
        }

        var instance = await _directory.FindInstanceAsync(symbol, cancellationToken).ConfigureAwait(false);
        var notice = instance is null ? null : _mail.Compose(reason == DeviceRevocationReason.EmailChanged ? MailKind.EmailChanged : MailKind.AccountClosed, instance, email, culture);
        var now = _time.GetUtcNow();
        var closedEvent = SecurityTrail.For(account, reason == DeviceRevocationReason.EmailChanged ? SecurityEventKind.EmailChanged : SecurityEventKind.AccountClosed, now, client);
        var closed = await _credentials.CloseAccountAsync(account.Id, now, reason, notice, closedEvent, cancellationToken).ConfigureAwait(false);
        if (closed)
        {
            SecurityTrail.Written(closedEvent);
            AccountClosed(_logger, account.Id, symbol, reason);
        }

        return closed;
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Account {AccountId} in {Instance} closed: its address backs no record any more ({Reason})")]
    private static partial void AccountClosed(ILogger logger, Guid accountId, string instance, DeviceRevocationReason reason);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Error, Message = "Closing an account in {Instance} after a record change failed; the account stays open but cannot sign in")]
    private static partial void ClosureFailed(ILogger logger, string instance, Exception exception);
}
