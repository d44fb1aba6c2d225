using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Diagnostics;
using Uonet.Access.Eligibility;
using Uonet.Access.Imaging;
using Uonet.Access.Mail;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Devices;

/// <summary>
/// Mobile access (R7): <b>Dostęp mobilny → Zarejestruj urządzenie mobilne</b> gives a signed-in account a pairing
/// ticket (a QR code, a token and a PIN); the app registers the phone with them and its own public key; the account
/// holder lists and unregisters (<i>Wyrejestruj</i>) the devices, and school staff may unregister them all.
/// </summary>
/// <remarks>
/// A ticket lives <see cref="DeviceOptions.PairingLifetime"/>, survives <see cref="DeviceOptions.PinTries"/> wrong PINs,
/// registers one device, and dies when the account asks for a newer one. The PIN is checked before the ticket is used,
/// and the use is one atomic store write (ticket consumed, device inserted, "new device" mail queued), so of any
/// number of concurrent registrations with the right PIN exactly one succeeds. What a device sees is never stored: its
/// requests resolve the pupils from the records each time (R8).
/// </remarks>
public sealed partial class MobileDevices
{
    private const int MaxNameLength = 100;

    private readonly IDeviceStore _devices;
    private readonly ICredentialStore _credentials;
    private readonly ISchoolDirectoryStore _directory;
    private readonly IStudentRecordStore _records;
    private readonly SessionTickets _sessions;
    private readonly PupilResolver _resolver;
    private readonly MaintenanceSchedule _maintenance;
    private readonly MailComposer _mail;
    private readonly TimeProvider _time;
    private readonly DeviceOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public MobileDevices(
        IDeviceStore devices,
        ICredentialStore credentials,
        ISchoolDirectoryStore directory,
        IStudentRecordStore records,
        SessionTickets sessions,
        PupilResolver resolver,
        MaintenanceSchedule maintenance,
        IMailTemplates mailTemplates,
        IMailProtector mailProtector,
        TimeProvider time,
        IOptions<UonetAccessOptions> options,
        ILogger<MobileDevices>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(mailTemplates);
        ArgumentNullException.ThrowIfNull(options);
        _devices = devices ?? throw new ArgumentNullException(nameof(devices));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _maintenance = maintenance ?? throw new ArgumentNullException(nameof(maintenance));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _mail = new MailComposer(mailTemplates, mailProtector ?? throw new ArgumentNullException(nameof(mailProtector)), time, options);
        _options = options.Value.Devices;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Creates a pairing ticket for the session's account and closes the account's previous open ticket. Refused for a
    /// session that is not valid (with the session's code), for an account that sees no pupil
    /// (<see cref="AccessErrorCodes.PairingNoPupils"/>: staff without children of their own) and during a technical break
    /// (<see cref="AccessErrorCodes.MaintenanceActive"/>).
    /// </summary>
    /// <param name="sessionTicket">The session ticket of the signed-in account.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What to show once: the QR code, token, symbol, PIN and expiry.</returns>
    /// <exception cref="ArgumentException"><see cref="DeviceOptions.ApiPath"/> and the instance's address make no
    /// http(s) address that fits the payload (a configuration error).</exception>
    public async Task<AccessResult<PairingTicketView>> CreatePairingAsync(string? sessionTicket, CancellationToken cancellationToken = default)
    {
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.MobileDevices.CreatePairing");
        var session = await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionStatus.Valid)
        {
            return AccessResult<PairingTicketView>.Failure(session.Code!);
        }

        if (session.Pupils.Count == 0)
        {
            return AccessResult<PairingTicketView>.Failure(AccessErrorCodes.PairingNoPupils);
        }

        var account = session.Account!;
        if (await _maintenance.RefusalAsync(account.InstanceSymbol, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return AccessResult<PairingTicketView>.Failure(refusal);
        }

        var instance = await _directory.FindInstanceAsync(account.InstanceSymbol, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return AccessResult<PairingTicketView>.Failure(AccessErrorCodes.InstanceNotFound);
        }

        var now = _time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var token = PairingCode.NewToken();
        var pin = PairingCode.NewPin();
        var apiBaseUrl = ApiBaseUrl(instance);
        var payload = new PairingPayload(apiBaseUrl, instance.Symbol, token).ToString();
        var images = QrCodeImage.PngAndSvg(payload);
        var ticket = new PairingTicket
        {
            Id = id,
            TokenHash = PairingCode.HashToken(token),
            PinHash = PairingCode.HashPin(id, pin),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            CreatedAt = now,
            ExpiresAt = now + _options.PairingLifetime,
            RemainingTries = _options.PinTries,
        };
        await _devices.CreatePairingTicketAsync(ticket, now, cancellationToken).ConfigureAwait(false);
        PairingCreated(_logger, ticket.Id, account.Id, ticket.ExpiresAt);
        return AccessResult<PairingTicketView>.Success(new PairingTicketView
        {
            Token = PairingCode.Display(token),
            Pin = pin,
            InstanceSymbol = instance.Symbol,
            ApiBaseUrl = apiBaseUrl,
            ExpiresAt = ticket.ExpiresAt,
            Payload = payload,
            QrPng = images.Png,
            QrSvg = images.Svg,
        });
    }

    /// <summary>
    /// Registers a device with a pairing ticket: the call the app makes after scanning the code (or after the token and
    /// symbol were typed) and asking for the PIN.
    /// </summary>
    /// <remarks>
    /// Refusals: <see cref="AccessErrorCodes.MaintenanceActive"/>; <see cref="AccessErrorCodes.PairingTokenUnknown"/>
    /// (malformed or unknown token); <see cref="AccessErrorCodes.PairingWrongSymbol"/>;
    /// <see cref="AccessErrorCodes.PairingAlreadyUsed"/>, <see cref="AccessErrorCodes.PairingClosed"/>,
    /// <see cref="AccessErrorCodes.PairingExpired"/>; the device's field errors (name, platform,
    /// <see cref="AccessErrorCodes.PairingKeyRefused"/>), all together and without costing a PIN try;
    /// <see cref="AccessErrorCodes.PairingWrongPin"/> with <c>remainingTries</c> (after the last try the ticket is
    /// closed); <see cref="AccessErrorCodes.SignInNotEligible"/> when the account was closed or sees no pupil any more.
    /// A PIN that is not 6 digits cannot be right and costs no try.
    /// </remarks>
    /// <param name="symbol">The instance symbol from the payload or typed.</param>
    /// <param name="token">The token from the payload or typed (any case, spaces and dashes allowed).</param>
    /// <param name="pin">The PIN typed from the page.</param>
    /// <param name="device">The device's name, platform and public key.</param>
    /// <param name="culture">The language of the "new device" mail; <see langword="null"/> means <see cref="MailOptions.DefaultCulture"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult<DeviceRegistrationResult>> RegisterDeviceAsync(string? symbol, string? token, string? pin, DeviceRegistration device, CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.MobileDevices.Register");
        var result = await RegisterAsync(symbol, token, pin, device, culture, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            PairingRefused(_logger, result.Error!.Code);
        }

        return result;
    }

    /// <summary>The devices of the session's account, revoked ones included, newest first.</summary>
    /// <param name="sessionTicket">The session ticket of the signed-in account.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult<IReadOnlyList<DeviceSummary>>> ListDevicesAsync(string? sessionTicket, CancellationToken cancellationToken = default)
    {
        var session = await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionStatus.Valid)
        {
            return AccessResult<IReadOnlyList<DeviceSummary>>.Failure(session.Code!);
        }

        var devices = await _devices.ListDevicesAsync(session.Account!.Id, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<DeviceSummary> list = [.. devices.Select(d => new DeviceSummary
        {
            Id = d.Id,
            Name = d.Name,
            Platform = d.Platform,
            KeyAlgorithm = d.KeyAlgorithm,
            CreatedAt = d.CreatedAt,
            LastSeenAt = d.LastSeenAt,
            RevokedAt = d.RevokedAt,
            RevocationReason = d.RevocationReason,
        })];
        return AccessResult<IReadOnlyList<DeviceSummary>>.Success(list);
    }

    /// <summary>
    /// <i>Wyrejestruj</i>: unregisters one device of the session's account (reason
    /// <see cref="DeviceRevocationReason.RevokedByUser"/>). A device of another account is
    /// <see cref="AccessErrorCodes.DeviceNotFound"/>; one already unregistered succeeds and keeps its first reason.
    /// Allowed during a technical break: cutting off a lost phone must not wait.
    /// </summary>
    /// <param name="sessionTicket">The session ticket of the signed-in account.</param>
    /// <param name="deviceId">The device to unregister.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult> RevokeDeviceAsync(string? sessionTicket, Guid deviceId, CancellationToken cancellationToken = default)
    {
        var session = await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false);
        if (session.Status != SessionStatus.Valid)
        {
            return AccessResult.Failure(session.Code!);
        }

        var device = await _devices.FindDeviceAsync(deviceId, cancellationToken).ConfigureAwait(false);
        if (device is null || device.AccountId != session.Account!.Id)
        {
            return AccessResult.Failure(AccessErrorCodes.DeviceNotFound, "deviceId");
        }

        var revoked = SecurityTrail.For(session.Account!, SecurityEventKind.DeviceRevoked, _time.GetUtcNow(), SessionClient.Of(session.Session!), DeviceRevocationReason.RevokedByUser.ToString());
        if (await _devices.RevokeDeviceAsync(deviceId, _time.GetUtcNow(), DeviceRevocationReason.RevokedByUser, revoked, cancellationToken).ConfigureAwait(false))
        {
            SecurityTrail.Written(revoked);
            DeviceRevoked(_logger, deviceId, DeviceRevocationReason.RevokedByUser);
        }

        return AccessResult.Success();
    }

    /// <summary>
    /// Unregisters every device of an account of the actor's instance (reason <see cref="DeviceRevocationReason.RevokedByStaff"/>),
    /// e.g. when a parent reports a lost phone to the school. Only staff who may edit a record that lists the address
    /// (the secretary of its unit, the class teacher of its class) and the instance administrator may do it; anyone
    /// else gets <see cref="AccessErrorCodes.StaffNotAllowed"/>, for an address in no record alike, so the answer does
    /// not tell whether an address is known or has devices.
    /// </summary>
    /// <param name="actor">The staff member acting.</param>
    /// <param name="accountEmail">The account's login.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many devices were unregistered now (0 when the address has no account or no active device).</returns>
    public async Task<AccessResult<int>> RevokeDevicesByStaffAsync(StaffActor actor, string? accountEmail, CancellationToken cancellationToken = default)
    {
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return AccessResult<int>.Failure(staffError);
        }

        var symbol = staff!.InstanceSymbol;

        var emailError = EmailAddress.TryNormalize(accountEmail, out var email);
        if (emailError is not null)
        {
            return AccessResult<int>.Failure(emailError);
        }

        if (!staff.Has(StaffRole.Administrator))
        {
            var records = await _records.FindStudentsByEmailAsync(symbol, email, cancellationToken).ConfigureAwait(false);
            if (!records.Any(record => RecordPermissions.CanEdit(staff, record) is null))
            {
                return AccessResult<int>.Failure(AccessErrorCodes.StaffNotAllowed);
            }
        }

        var account = await _credentials.FindAccountAsync(symbol, email, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return AccessResult<int>.Success(0);
        }

        var now = _time.GetUtcNow();
        var count = 0;
        foreach (var device in await _devices.ListDevicesAsync(account.Id, cancellationToken).ConfigureAwait(false))
        {
            var revoked = SecurityTrail.For(account, SecurityEventKind.DeviceRevoked, now, SessionClient.Of(actor), DeviceRevocationReason.RevokedByStaff.ToString());
            if (device.RevokedAt is null && await _devices.RevokeDeviceAsync(device.Id, now, DeviceRevocationReason.RevokedByStaff, revoked, cancellationToken).ConfigureAwait(false))
            {
                SecurityTrail.Written(revoked);
                count++;
            }
        }

        DevicesRevokedByStaff(_logger, account.Id, symbol, count);
        return AccessResult<int>.Success(count);
    }

    private async Task<AccessResult<DeviceRegistrationResult>> RegisterAsync(string? symbol, string? typedToken, string? typedPin, DeviceRegistration device, CultureInfo? culture, CancellationToken cancellationToken)
    {
        if (await _maintenance.RefusalAsync(symbol ?? string.Empty, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return Refused(refusal);
        }

        var token = PairingCode.Normalize(typedToken);
        var ticket = token is null ? null : await _devices.FindPairingTicketAsync(PairingCode.HashToken(token), cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return Refused(new AccessError(AccessErrorCodes.PairingTokenUnknown, "token"));
        }

        if (InstanceSymbol.TryNormalize(symbol, out var normalizedSymbol) is not null || normalizedSymbol != ticket.InstanceSymbol)
        {
            return Refused(new AccessError(AccessErrorCodes.PairingWrongSymbol, "symbol"));
        }

        var now = _time.GetUtcNow();
        if (StateError(ticket, now) is { } stateError)
        {
            return Refused(stateError);
        }

        var deviceErrors = new List<AccessError>();
        var nameError = TextRules.TryCleanRequired(device.Name, "name", MaxNameLength, out var name);
        var platformError = TextRules.TryClean(device.Platform, "platform", MaxNameLength, out var platform);
        var key = DeviceKeys.Classify(device.PublicKey);
        deviceErrors.AddRange(new[] { nameError, platformError, key is null ? new AccessError(AccessErrorCodes.PairingKeyRefused, "publicKey") : null }.OfType<AccessError>());
        if (deviceErrors.Count > 0)
        {
            return AccessResult<DeviceRegistrationResult>.Failure(deviceErrors);
        }

        var pin = PairingCode.NormalizePin(typedPin);
        if (pin is null)
        {
            return Refused(WrongPin(ticket.RemainingTries));
        }

        if (!PairingCode.PinMatches(ticket, pin))
        {
            var counted = await _devices.RecordWrongPinAsync(ticket.Id, now, cancellationToken).ConfigureAwait(false);
            if (counted is null)
            {
                return Refused(new AccessError(AccessErrorCodes.PairingTokenUnknown, "token"));
            }

            // Whether this request's try or a concurrent one took the last, "0 tries left" is the truth; a ticket
            // used, closed or expired meanwhile answers with that instead.
            return Refused(counted.RemainingTries <= 0 && counted.ConsumedAt is null
                ? WrongPin(0)
                : StateError(counted, now) ?? WrongPin(counted.RemainingTries));
        }

        var account = await _credentials.FindAccountByIdAsync(ticket.AccountId, cancellationToken).ConfigureAwait(false);
        var pupils = account is null || account.Status != AccountStatus.Active
            ? []
            : await _resolver.ResolveNormalizedAsync(account.InstanceSymbol, account.Email, cancellationToken).ConfigureAwait(false);
        var instance = await _directory.FindInstanceAsync(ticket.InstanceSymbol, cancellationToken).ConfigureAwait(false);
        if (account is null || pupils.Count == 0 || instance is null)
        {
            return Refused(new AccessError(AccessErrorCodes.SignInNotEligible));
        }

        var (algorithm, publicKey) = key!.Value;
        var registered = new MobileDevice
        {
            Id = Guid.CreateVersion7(now),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            Name = name,
            Platform = platform ?? string.Empty,
            PublicKey = publicKey,
            KeyAlgorithm = algorithm,
            CreatedAt = now,
            LastSeenAt = now,
        };
        var mail = _mail.Compose(MailKind.NewDevice, instance, account.Email, culture, deviceName: platform is null ? name : $"{name} ({platform})");
        var registeredEvent = SecurityTrail.For(account, SecurityEventKind.DeviceRegistered, now, SessionClient.Of(device.UserAgent, device.ClientAddress), name);
        var consumption = await _devices.ConsumePairingTicketAsync(ticket.Id, now, registered, mail, registeredEvent, cancellationToken).ConfigureAwait(false);
        if (consumption != PairingConsumption.Consumed)
        {
            return Refused(ConsumptionError(consumption));
        }

        SecurityTrail.Written(registeredEvent);
        DeviceRegistered(_logger, registered.Id, account.Id, algorithm);
        return AccessResult<DeviceRegistrationResult>.Success(new DeviceRegistrationResult
        {
            DeviceId = registered.Id,
            KeyAlgorithm = algorithm,
            InstanceSymbol = account.InstanceSymbol,
            AccountEmail = account.Email,
            Pupils = pupils,
        });
    }

    // The same precedence as the store's consumption: used, then closed, then expired.
    private static AccessError? StateError(PairingTicket ticket, DateTimeOffset now) => ticket switch
    {
        { ConsumedAt: not null } => ConsumptionError(PairingConsumption.AlreadyUsed),
        { ClosedAt: not null } or { RemainingTries: <= 0 } => ConsumptionError(PairingConsumption.Closed),
        _ when ticket.ExpiresAt <= now => ConsumptionError(PairingConsumption.Expired),
        _ => null,
    };

    private static AccessError ConsumptionError(PairingConsumption consumption) => consumption switch
    {
        PairingConsumption.AlreadyUsed => new AccessError(AccessErrorCodes.PairingAlreadyUsed, "token"),
        PairingConsumption.Closed => new AccessError(AccessErrorCodes.PairingClosed, "token"),
        PairingConsumption.Expired => new AccessError(AccessErrorCodes.PairingExpired, "token"),
        _ => new AccessError(AccessErrorCodes.PairingTokenUnknown, "token"),
    };

    private static AccessError WrongPin(int remainingTries) => new(AccessErrorCodes.PairingWrongPin, "pin", new Dictionary<string, string>
    {
        ["remainingTries"] = Math.Max(remainingTries, 0).ToString(CultureInfo.InvariantCulture),
    });

    private static AccessResult<DeviceRegistrationResult> Refused(AccessError error) => AccessResult<DeviceRegistrationResult>.Failure(error);

    // A relative ApiPath continues the instance's address, as a directory even when the address lacks its final slash.
    private Uri ApiBaseUrl(SchoolInstance instance)
    {
        if (Uri.TryCreate(_options.ApiPath, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp))
        {
            return absolute;
        }

        var site = instance.BaseUrl.AbsoluteUri;
        return new Uri(new Uri(site.EndsWith('/') ? site : site + "/"), _options.ApiPath);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Pairing ticket {TicketId} created for account {AccountId}, valid until {ExpiresAt}")]
    private static partial void PairingCreated(ILogger logger, Guid ticketId, Guid accountId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Device {DeviceId} ({Algorithm}) registered to account {AccountId}")]
    private static partial void DeviceRegistered(ILogger logger, Guid deviceId, Guid accountId, DeviceKeyAlgorithm algorithm);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Device registration refused: {Code}")]
    private static partial void PairingRefused(ILogger logger, string code);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Device {DeviceId} unregistered ({Reason})")]
    private static partial void DeviceRevoked(ILogger logger, Guid deviceId, DeviceRevocationReason reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Staff of {Instance} unregistered {Count} devices of account {AccountId}")]
    private static partial void DevicesRevokedByStaff(ILogger logger, Guid accountId, string instance, int count);
}
