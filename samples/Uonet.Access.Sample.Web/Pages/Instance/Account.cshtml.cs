using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Uonet.Access.Credentials;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.Eligibility;
using Uonet.Access.Privacy;
using Uonet.Access.Sample.Web.Hosting;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;

namespace Uonet.Access.Sample.Web.Pages.Instance;

/// <summary>
/// Account security: the TOTP second factor with its QR code and recovery codes, the active sessions (ending another
/// one asks for the password or code again, ASVS 7.5.1), the last security events, sign out everywhere, and the linked
/// addresses of the cross-instance view.
/// </summary>
public sealed class AccountModel : PortalPage
{
    /// <summary>An enrolment just begun: the QR code and secret to put into the authenticator app.</summary>
    public TotpEnrollment? Enrollment { get; private set; }

    /// <summary>Recovery codes just made: shown once.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public string? Done { get; private set; }

    /// <summary>The two new passwords differ (the portal's own check before asking the library).</summary>
    public bool Mismatch { get; private set; }

    public bool CrossInstanceView => PupilsModel.CrossInstanceView(this);

    public IReadOnlyList<LinkableInstance> Linkable { get; private set; } = [];

    /// <summary>The other addresses already linked (from the children the selector shows there).</summary>
    public IReadOnlyList<string> Linked { get; private set; } = [];

    public bool HasTotp => Session!.Account.HasTotp;

    /// <summary>The account's active sessions, this one marked (<i>Aktywne sesje</i>).</summary>
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];

    /// <summary>The account's last security events, newest first (<i>Historia bezpieczeństwa</i>).</summary>
    public IReadOnlyList<SecurityEvent> Events { get; private set; } = [];

    /// <summary>The words of a security event in the visitor's language.</summary>
    public static string Describe(SecurityEventKind kind) => kind switch
    {
        SecurityEventKind.SignInSucceeded => T("Zalogowano", "Signed in", "Вхід виконано"),
        SecurityEventKind.SignInFailed => T("Nieudane logowanie", "Failed sign-in", "Невдала спроба входу"),
        SecurityEventKind.SignInLocked => T("Logowanie zablokowane po nieudanych próbach", "Sign-in locked after failed attempts", "Вхід заблоковано після невдалих спроб"),
        SecurityEventKind.SecondStepFailed => T("Błędny kod drugiego kroku", "Wrong second-step code", "Неправильний код другого кроку"),
        SecurityEventKind.PasswordSet => T("Ustawiono hasło", "Password set", "Пароль установлено"),
        SecurityEventKind.PasswordChanged => T("Zmieniono hasło", "Password changed", "Пароль змінено"),
        SecurityEventKind.RestoreLinkRequested => T("Wysłano link „Przywróć dostęp”", "“Restore access” link sent", "Надіслано посилання «Відновити доступ»"),
        SecurityEventKind.SecondFactorEnabled => T("Włączono logowanie dwuetapowe", "Two-step sign-in turned on", "Двоетапний вхід увімкнено"),
        SecurityEventKind.SecondFactorDisabled => T("Wyłączono logowanie dwuetapowe", "Two-step sign-in turned off", "Двоетапний вхід вимкнено"),
        SecurityEventKind.RecoveryCodeUsed => T("Użyto kodu odzyskiwania", "Recovery code used", "Використано код відновлення"),
        SecurityEventKind.DeviceRegistered => T("Zarejestrowano urządzenie mobilne", "Mobile device registered", "Зареєстровано мобільний пристрій"),
        SecurityEventKind.DeviceRevoked => T("Wyrejestrowano urządzenie mobilne", "Mobile device unregistered", "Скасовано реєстрацію мобільного пристрою"),
        SecurityEventKind.SessionEnded => T("Zakończono sesję", "Session ended", "Сеанс завершено"),
        SecurityEventKind.EmailChanged => T("Zmieniono adres e-mail", "E-mail address changed", "Адресу електронної пошти змінено"),
        SecurityEventKind.AccountClosed => T("Zamknięto konto", "Account closed", "Обліковий запис закрито"),
        SecurityEventKind.PasskeyAdded => T("Dodano klucz dostępu", "Passkey added", "Додано ключ доступу"),
        SecurityEventKind.PasskeyRemoved => T("Usunięto klucz dostępu", "Passkey removed", "Видалено ключ доступу"),
        SecurityEventKind.PasskeySignCountRegressed => T("Odrzucono klucz dostępu, który mógł zostać skopiowany", "Refused a passkey that may have been copied", "Відхилено ключ доступу, який міг бути скопійований"),
        _ => kind.ToString(),
    };

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => ShowAsync(AccessResult.Success(), cancellationToken);

    public async Task<IActionResult> OnPostBeginTotpAsync(CancellationToken cancellationToken)
    {
        var begun = await Service<TwoFactorSetup>().BeginAsync(Session!.Ticket, cancellationToken);
        Enrollment = begun.Succeeded ? begun.Value : null;
        return await ShowAsync(begun, cancellationToken);
    }

    public async Task<IActionResult> OnPostConfirmTotpAsync(string? code, CancellationToken cancellationToken)
    {
        var confirmed = await Service<TwoFactorSetup>().ConfirmAsync(Session!.Ticket, code, cancellationToken);
        if (confirmed.Succeeded)
        {
            RecoveryCodes = confirmed.Value;
            Done = T("Logowanie dwuetapowe jest włączone.", "Two-step sign-in is on.", "Двоетапний вхід увімкнено.");
        }

        return await ShowAsync(confirmed, cancellationToken);
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(string? code, CancellationToken cancellationToken)
    {
        var codes = await Service<TwoFactorSetup>().RegenerateRecoveryCodesAsync(Session!.Ticket, code, cancellationToken);
        RecoveryCodes = codes.Succeeded ? codes.Value : [];
        return await ShowAsync(codes, cancellationToken);
    }

    public async Task<IActionResult> OnPostDisableTotpAsync(string? code, CancellationToken cancellationToken)
    {
        var disabled = await Service<TwoFactorSetup>().DisableAsync(Session!.Ticket, code, cancellationToken);
        if (disabled.Succeeded)
        {
            Done = T("Logowanie dwuetapowe jest wyłączone.", "Two-step sign-in is off.", "Двоетапний вхід вимкнено.");
        }

        return await ShowAsync(disabled, cancellationToken);
    }

    /// <summary>The password changed with the current one; the library ends every other session and hands this browser a new ticket.</summary>
    public async Task<IActionResult> OnPostChangePasswordAsync(string? currentPassword, string? newPassword, string? repeated, CancellationToken cancellationToken)
    {
        if (!string.Equals(newPassword, repeated, StringComparison.Ordinal))
        {
            Mismatch = true;
            return await ShowAsync(AccessResult.Success(), cancellationToken);
        }

        var changed = await Service<PasswordChange>().ChangeAsync(new PasswordChangeRequest
        {
            SessionTicket = Session!.Ticket,
            CurrentPassword = currentPassword,
            NewPassword = newPassword,
            UserAgent = UserAgent,
            ClientAddress = ClientKey,
            Culture = System.Globalization.CultureInfo.CurrentUICulture,
        }, cancellationToken);
        if (!changed.Succeeded)
        {
            return await ShowAsync(changed, cancellationToken);
        }

        Service<SessionCookies>().SignIn(HttpContext, Instance.Symbol, changed.Value);
        Done = T("Hasło jest zmienione. Inne sesje tego konta zostały zakończone.", "The password is changed. Every other session of this account has ended.", "Пароль змінено. Усі інші сеанси цього облікового запису завершено.");
        return await ShowAsync(AccessResult.Success(), cancellationToken);
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken)
    {
        var ended = await Service<SessionTickets>().SignOutEverywhereAsync(Session!.Ticket, cancellationToken);
        return ended.Succeeded ? SessionGone(AccessErrorCodes.SessionSignedOut) : await ShowAsync(ended, cancellationToken);
    }

    /// <summary>Ends one session: one's own at once, another after the password (or the code, with two-step sign-in).</summary>
    public async Task<IActionResult> OnPostEndSessionAsync(Guid sessionId, string? password, string? code, CancellationToken cancellationToken)
    {
        var own = Session!.Validation.Session?.Id == sessionId;
        var ended = await Service<SessionTickets>().EndAsync(Session.Ticket, sessionId, new SessionEndProof
        {
            Password = HasTotp ? null : password,
            TotpCode = HasTotp ? code : null,
            ClientKey = ClientKey,
        }, cancellationToken);
        if (ended.Succeeded && own)
        {
            return SessionGone(AccessErrorCodes.SessionSignedOut);
        }

        if (ended.Succeeded)
        {
            Done = T("Sesja została zakończona.", "The session has ended.", "Сеанс завершено.");
        }

        return await ShowAsync(ended, cancellationToken);
    }

    /// <summary>
    /// <i>Pobierz moje dane</i>: what the system holds about the holder (RODO art. 15) as the library's JSON document, a
    /// file download that no cache keeps.
    /// </summary>
    public async Task<IActionResult> OnPostDownloadDataAsync(CancellationToken cancellationToken)
    {
        var exported = await Service<PersonalDataExport>().ExportAsync(Session!.Ticket, cancellationToken);
        if (!exported.Succeeded)
        {
            return await ShowAsync(AccessResult.Failure(exported.Errors), cancellationToken);
        }

        Response.Headers.CacheControl = "no-store";
        var name = string.Create(CultureInfo.InvariantCulture, $"moje-dane-{Instance.Symbol}-{exported.Value.GeneratedAt:yyyy-MM-dd}.json");
        return File(JsonSerializer.SerializeToUtf8Bytes(exported.Value, PersonalDataExport.JsonOptions), "application/json", name);
    }

    public async Task<IActionResult> OnPostLinkAsync(string? otherSymbol, string? password, string? totpCode, CancellationToken cancellationToken)
    {
        var linked = await Service<LinkedInstances>().LinkAsync(Session!.Ticket, otherSymbol ?? string.Empty, password ?? string.Empty, string.IsNullOrWhiteSpace(totpCode) ? null : totpCode, ClientKey, cancellationToken);
        if (linked.Succeeded)
        {
            Done = T("Konta są połączone: wybór ucznia pokazuje teraz dzieci spod obu adresów.", "The accounts are linked: the pupil selector now shows the children of both addresses.", "Облікові записи пов’язано: тепер у виборі учня видно дітей з обох адрес.");
        }

        return await ShowAsync(linked, cancellationToken);
    }

    public async Task<IActionResult> OnPostUnlinkAsync(string? otherSymbol, CancellationToken cancellationToken)
    {
        var unlinked = await Service<LinkedInstances>().UnlinkAsync(Session!.Ticket, otherSymbol ?? string.Empty, cancellationToken);
        if (unlinked.Succeeded)
        {
            Done = T("Połączenie zostało usunięte.", "The link is removed.", "Зв’язок видалено.");
        }

        return await ShowAsync(unlinked, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(AccessResult outcome, CancellationToken cancellationToken)
    {
        if (!outcome.Succeeded)
        {
            var refused = await RefusedAsync(outcome);
            if (refused is not PageResult)
            {
                return refused;
            }
        }

        var sessions = await Service<SessionTickets>().ListAsync(Session!.Ticket, cancellationToken);
        Sessions = sessions.Succeeded ? sessions.Value : [];
        var events = await Service<AccountActivity>().ListAsync(Session.Ticket, cancellationToken);
        Events = events.Succeeded ? events.Value : [];

        if (CrossInstanceView)
        {
            var linkable = await Service<LinkedInstances>().DiscoverForSessionAsync(Session!.Validation, cancellationToken);
            Linkable = linkable.Succeeded ? linkable.Value : [];
            var pupils = await PupilsModel.VisiblePupilsAsync(this, cancellationToken);
            Linked = pupils.Succeeded
                ? [.. pupils.Value.Select(p => p.InstanceSymbol).Where(s => s != Instance.Symbol).Distinct(StringComparer.Ordinal)]
                : [];
        }

        return Page();
    }

    private static string T(string polish, string english, string ukrainian) => PortalText.T(polish, english, ukrainian);
}
