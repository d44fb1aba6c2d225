using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Devices;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>A parent reports a lost phone: staff unregister every device of the address's account.</summary>
public sealed class DevicesModel : StaffPage
{
    [BindProperty]
    public string? Email { get; set; }

    public int? Revoked { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var revoked = await Service<MobileDevices>().RevokeDevicesByStaffAsync(Actor, Email, cancellationToken);
        if (!revoked.Succeeded)
        {
            return await RefusedAsync(revoked);
        }

        Revoked = revoked.Value;
        return Page();
    }
}
