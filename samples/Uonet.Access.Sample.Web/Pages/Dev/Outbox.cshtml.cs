using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.Sample.Web.Pages.Dev;

/// <summary>
/// Development only: the mail the library queued, newest first, with its links clickable, so the whole first-login
/// path works on a laptop without a mail server. Any other environment answers 404.
/// </summary>
public sealed class OutboxModel(IOutboxStore outbox, IWebHostEnvironment environment) : PageModel
{
    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "do")]
    public string? To { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }

        string? to = null;
        if (!string.IsNullOrWhiteSpace(To) && EmailAddress.TryNormalize(To, out var normalized) is null)
        {
            to = normalized;
        }

        Messages = await outbox.ListAsync(to, 100, cancellationToken);
        return Page();
    }
}
