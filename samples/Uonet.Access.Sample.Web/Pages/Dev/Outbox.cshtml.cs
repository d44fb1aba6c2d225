using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using MimeKit;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Pages.Dev;

/// <summary>
/// Development only: the mail the library queued or delivered, newest first, with its links clickable, so the whole
/// first-login path works on a laptop without a mail server. Pending mail is read through the library's development
/// view (the store holds it protected); delivered mail is gone from the store (bodies and links are erased once sent),
/// so it is read back from the pickup folder it was delivered to. Any other environment answers 404.
/// </summary>
public sealed partial class OutboxModel(DevelopmentOutbox outbox, IOptions<PortalOptions> portal, IWebHostEnvironment environment) : PageModel
{
    private const int Shown = 100;

    public IReadOnlyList<MailView> Messages { get; private set; } = [];

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

        var pending = (await outbox.ListAsync(to, Shown, cancellationToken))
            .Where(e => e.Message.SentAt is null)
            .Select(e => new MailView(e.Message.To, e.Message.Subject, e.Message.Kind.ToString(), e.Message.CreatedAt, null, e.Message.Link, e.Message.TextBody, e.UnreadableReason));
        Messages = [.. pending.Concat(await DeliveredAsync(to, cancellationToken)).OrderByDescending(m => m.CreatedAt).Take(Shown)];
        return Page();
    }

    private async Task<IEnumerable<MailView>> DeliveredAsync(string? to, CancellationToken cancellationToken)
    {
        var folder = new DirectoryInfo(Path.Combine(environment.ContentRootPath, portal.Value.MailPickupFolder));
        if (!folder.Exists)
        {
            return [];
        }

        var delivered = new List<MailView>();
        foreach (var file in folder.EnumerateFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc).Take(Shown * 4))
        {
            var message = await MimeMessage.LoadAsync(file.FullName, cancellationToken);
            var recipient = message.To.Mailboxes.FirstOrDefault()?.Address ?? string.Empty;
            if (to is not null && !EmailAddress.AreSame(recipient, to))
            {
                continue;
            }

            var text = message.TextBody ?? string.Empty;
            var link = TokenLink().Match(text) is { Success: true } match ? match.Value : null;
            delivered.Add(new MailView(recipient, message.Subject ?? string.Empty, null, message.Date, message.Date, link, text, null));
        }

        return delivered;
    }

    [GeneratedRegex(@"https?://[^\s<>""]+token=[A-Za-z0-9_-]+")]
    private static partial Regex TokenLink();
}

/// <summary>One mail as the development page shows it.</summary>
/// <param name="To">The recipient.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Kind">The library's kind of mail, when it is still in the outbox.</param>
/// <param name="CreatedAt">When it was queued (delivered mail: its Date).</param>
/// <param name="SentAt">When it was delivered, or <see langword="null"/> while it waits.</param>
/// <param name="Link">The first-login / restore link it carries, if any.</param>
/// <param name="TextBody">The plain-text body.</param>
/// <param name="Unreadable">Why a waiting mail cannot be read (its key is missing), if so.</param>
public sealed record MailView(string To, string Subject, string? Kind, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? Link, string TextBody, string? Unreadable);
