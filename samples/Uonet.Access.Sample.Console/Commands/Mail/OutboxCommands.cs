using System.CommandLine;
using System.Text.Json;
using System.Web;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Mail;

/// <summary>
/// <c>outbox list|dispatch</c>: the mail the library queued in the store (it never sends inline), and its delivery.
/// The list is how the operator sees what <c>access start</c> would not say: whether a link went out.
/// </summary>
internal static class OutboxCommands
{
    public static Command Create() => new("outbox", "Mail queued by the library: list it, deliver it.") { List(), Dispatch() };

    private static Command List()
    {
        var to = new Option<string>("--to") { Description = "Only mail to this address.", HelpName = "email" };
        var limit = new Option<int>("--limit") { Description = "At most this many messages, newest first.", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--limit must be at least 1.");
            }
        });
        return new Command("list", "Lists queued and sent mail, newest first, with the first-login/restore link and its token.") { to, limit }.Does(async (context, cancellationToken) =>
        {
            string? address = null;
            if (context.Value(to) is { } typed)
            {
                if (EmailAddress.TryNormalize(typed, out var normalized) is { } error)
                {
                    return context.Output.Refused(AccessResult.Failure(error));
                }

                address = normalized;
            }

            // The store keeps bodies and links protected; the operator's view shows them in clear.
            var messages = (await context.Get<DevelopmentOutbox>().ListAsync(address, context.Value(limit), cancellationToken)).Select(entry => (entry.Message, entry.UnreadableReason)).Select(item => new
            {
                id = item.Message.Id,
                to = item.Message.To,
                subject = item.Message.Subject,
                kind = JsonNamingPolicy.CamelCase.ConvertName(item.Message.Kind.ToString()),
                link = item.Message.Link,
                token = item.Message.Link is { } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) ? HttpUtility.ParseQueryString(uri.Query)["token"] : null,
                createdAt = item.Message.CreatedAt,
                sentAt = item.Message.SentAt,
                attempts = item.Message.Attempts,
                lastError = item.Message.LastError,
                unreadable = item.UnreadableReason,
            }).ToList();
            return context.Output.Done(new { messages }, text =>
            {
                if (messages.Count == 0)
                {
                    text.WriteLine(context.Output.Say("(brak wiadomości)", "(no mail)", "(листів немає)"));
                    return;
                }

                TextTable.Write(text,
                    [context.Output.Say("utworzona", "created", "створено"), context.Output.Say("do", "to", "кому"), context.Output.Say("rodzaj", "kind", "вид"), context.Output.Say("wysłana", "sent", "надіслано"), context.Output.Say("temat", "subject", "тема")],
                    [.. messages.Select(m => new[] { TextTable.Time(m.createdAt), m.to, m.kind, TextTable.Time(m.sentAt), m.subject })]);
                foreach (var message in messages.Where(m => m.link is not null))
                {
                    text.WriteLine($"{message.to}: {message.link}");
                }

                foreach (var message in messages.Where(m => m.unreadable is not null))
                {
                    text.WriteLine($"{message.to}: {message.unreadable}");
                }
            });
        });
    }

    private static Command Dispatch()
    {
        var command = new Command("dispatch", "Delivers pending mail: through SMTP when configured, otherwise as .eml files in a pickup folder.");
        foreach (var option in MailDelivery.Options)
        {
            command.Add(option);
        }

        return command.Does(async (context, cancellationToken) =>
        {
            var delivery = context.Mail;
            context.Output.Progress.WriteLine(context.Output.Say("Doręczanie: ", "Delivering: ", "Доставлення: ") + Describe(context.Output, delivery));
            var report = await context.Get<OutboxDispatcher>().DispatchPendingAsync(cancellationToken);
            var body = new { sent = report.Sent, failed = report.Failed, sender = delivery.Sender, target = delivery.Target, unreadable = report.Unreadable, unreadableError = report.UnreadableError };
            if (report.Failed > 0)
            {
                return context.Output.Refused(new ToolFailure(ToolMessages.DeliveryFailed, "failed", report.Failed.ToString(context.Output.Culture)), body);
            }

            return context.Output.Done(body, text => text.WriteLine(context.Output.Say("Wysłano: ", "Sent: ", "Надіслано: ") + $"{report.Sent} ({Describe(context.Output, delivery)})"));
        });
    }

    private static string Describe(CommandOutput output, MailDelivery delivery) => delivery.Sender == "smtp"
        ? $"SMTP {delivery.Target}"
        : output.Say("folder odbioru ", "pickup folder ", "папка отримання ") + delivery.Target;
}
