using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Uonet.Access.Devices;

namespace Uonet.Access.Sample.Web.Pages.Instance;

/// <summary>
/// <b>Dostęp mobilny</b> (R7): <i>Zarejestruj urządzenie mobilne</i> shows the QR code, token, symbol and PIN once (only
/// hashes are stored), with the time left; below, the registered devices with <i>Wyrejestruj</i>.
/// </summary>
public sealed class MobileModel : PortalPage
{
    public PairingTicketView? Ticket { get; private set; }

    public IReadOnlyList<DeviceSummary> Devices { get; private set; } = [];

    public bool Revoked { get; private set; }

    /// <summary>The ticket's time left as m:ss when the page was made (the countdown script keeps it current).</summary>
    public string TimeLeft
    {
        get
        {
            var left = Ticket!.ExpiresAt - Service<TimeProvider>().GetUtcNow();
            return left <= TimeSpan.Zero ? "0:00" : $"{(int)left.TotalMinutes}:{left.Seconds:00}";
        }
    }

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostPairAsync(CancellationToken cancellationToken)
    {
        var ticket = await Service<MobileDevices>().CreatePairingAsync(Session!.Ticket, cancellationToken);
        if (!ticket.Succeeded)
        {
            Errors = ticket.Errors;
            return await ShowAsync(cancellationToken, ticket);
        }

        Ticket = ticket.Value;
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        var result = await Service<MobileDevices>().RevokeDeviceAsync(Session!.Ticket, deviceId, cancellationToken);
        Revoked = result.Succeeded;
        Errors = result.Errors;
        return await ShowAsync(cancellationToken, result);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken, AccessResult? refusal = null)
    {
        if (refusal is { Succeeded: false })
        {
            // A device id that is none of this account's is unknown here: the map's 401 for it speaks of a phone's signature.
            var refused = await RefusedAsync(refusal, refusal.Error!.Code == AccessErrorCodes.DeviceNotFound ? StatusCodes.Status404NotFound : null);
            if (refused is not PageResult)
            {
                return refused;
            }
        }

        var devices = await Service<MobileDevices>().ListDevicesAsync(Session!.Ticket, cancellationToken);
        if (!devices.Succeeded)
        {
            return SessionGone(devices.Error!.Code);
        }

        Devices = devices.Value;
        return Page();
    }

    public static string ReasonText(DeviceRevocationReason? reason) => reason switch
    {
        DeviceRevocationReason.RevokedByUser => Hosting.PortalText.T("wyrejestrowane przez Ciebie", "unregistered by you", "реєстрацію скасовано Вами"),
        DeviceRevocationReason.RevokedByStaff => Hosting.PortalText.T("wyrejestrowane przez szkołę", "unregistered by the school", "реєстрацію скасовано школою"),
        DeviceRevocationReason.EmailChanged => Hosting.PortalText.T("zmienił się adres e-mail — zarejestruj urządzenie ponownie", "the e-mail address changed — register the device again", "змінилася адреса електронної пошти — зареєструйте пристрій ще раз"),
        DeviceRevocationReason.AccountClosed => Hosting.PortalText.T("konto zamknięte", "account closed", "обліковий запис закрито"),
        _ => string.Empty,
    };
}
