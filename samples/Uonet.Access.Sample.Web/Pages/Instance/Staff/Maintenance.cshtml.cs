using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Maintenance;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>Technical breaks of this address (R10), for its administrator: now or later, with a message and an expected end.</summary>
public sealed class MaintenanceModel : StaffPage
{
    private const int MaxMinutes = 7 * 24 * 60;

    [BindProperty]
    public string? MessagePolish { get; set; }

    [BindProperty]
    public string? MessageEnglish { get; set; }

    /// <summary>Minutes from now to the start; 0 starts the break at once.</summary>
    [BindProperty]
    public int StartsInMinutes { get; set; }

    /// <summary>Expected length in minutes (drives <c>Retry-After</c>); 0 leaves the end open.</summary>
    [BindProperty]
    public int LastsMinutes { get; set; } = 30;

    public IReadOnlyList<MaintenanceWindow> Windows { get; private set; } = [];

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostScheduleAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || StartsInMinutes is < 0 or > MaxMinutes || LastsMinutes is < 0 or > MaxMinutes)
        {
            await LoadAsync(cancellationToken);
            return await RefusedAsync(AccessResult.Failure(AccessErrorCodes.MaintenanceInvalidWindow, "expectedEndAt"), StatusCodes.Status400BadRequest);
        }

        var now = Service<TimeProvider>().GetUtcNow();
        var startsAt = StartsInMinutes == 0 ? (DateTimeOffset?)null : now.AddMinutes(StartsInMinutes);
        var scheduled = await Service<MaintenanceSchedule>().ScheduleAsync(Actor, new MaintenanceRequest
        {
            MessagePolish = MessagePolish ?? string.Empty,
            MessageEnglish = string.IsNullOrWhiteSpace(MessageEnglish) ? null : MessageEnglish,
            StartsAt = startsAt,
            ExpectedEndAt = LastsMinutes == 0 ? null : (startsAt ?? now).AddMinutes(LastsMinutes),
        }, cancellationToken);
        await LoadAsync(cancellationToken);
        return scheduled.Succeeded ? Page() : await RefusedAsync(scheduled);
    }

    public async Task<IActionResult> OnPostEndAsync(Guid windowId, CancellationToken cancellationToken)
    {
        var ended = await Service<MaintenanceSchedule>().EndAsync(Actor, windowId, cancellationToken);
        await LoadAsync(cancellationToken);
        return ended.Succeeded ? Page() : await RefusedAsync(ended);
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Windows = await Service<MaintenanceSchedule>().ListAsync(Instance.Symbol, cancellationToken);
}
