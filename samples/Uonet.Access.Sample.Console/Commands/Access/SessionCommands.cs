using System.CommandLine;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;
using Uonet.Access.Sessions;

namespace Uonet.Access.Sample.Console.Commands.Access;

/// <summary>
/// <c>sessions list|end</c>: the account holder's own sessions (ASVS 5.0 7.5.2), and ending one; ending another than
/// one's own asks for the password (or, with the second factor on, a code) again (7.5.1).
/// </summary>
internal static class SessionCommands
{
    public static Command Create() => new("sessions", "The signed-in account's sessions: list them, end one.") { List(), End() };

    private static Command List()
    {
        var session = CommonArguments.Session();
        return new Command("list", "Lists the account's active sessions, newest first: when each began and was last used, browser and system, network (/24 or /48), and which one is this.") { session }.Does(async (context, cancellationToken) =>
        {
            var listed = await context.Get<SessionTickets>().ListAsync(context.Session(session), cancellationToken);
            if (!listed.Succeeded)
            {
                return context.Output.Refused(AccessResult.Failure(listed.Errors));
            }

            var sessions = listed.Value.Select(s => new
            {
                id = s.Id,
                createdAt = s.CreatedAt,
                lastSeenAt = s.LastSeenAt,
                client = s.ClientDescription,
                network = s.ClientNetwork,
                current = s.IsCurrent,
            }).ToList();
            return context.Output.Done(new { sessions }, text => TextTable.Write(text,
                [context.Output.Say("sesja", "session", "сеанс"), context.Output.Say("początek", "began", "початок"), context.Output.Say("ostatnio", "last seen", "остання активність"), context.Output.Say("przeglądarka", "client", "клієнт"), context.Output.Say("sieć", "network", "мережа"), string.Empty],
                [.. sessions.Select(s => new[] { s.id.ToString(), TextTable.Time(s.createdAt), TextTable.Time(s.lastSeenAt), s.client ?? "?", s.network ?? "?", s.current ? context.Output.Say("ta", "this", "цей") : string.Empty })]));
        });
    }

    private static Command End()
    {
        var session = CommonArguments.Session();
        var id = new Argument<Guid>("session-id") { Description = "The id of the session to end (from 'sessions list')." };
        var password = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (the line after the ticket when --session is -): needed to end another session." };
        var totp = new Option<string>("--totp") { Description = "The 6-digit code of the authenticator app, instead of the password when the second factor is on.", HelpName = "code" };
        var command = new Command("end", "Ends one session of the account. Your own ends at once; another needs --password-stdin, or --totp with the second factor on.") { id, session, password, totp };
        command.Validators.Add(result =>
        {
            if (result.GetValue(password) && !string.IsNullOrWhiteSpace(result.GetValue(totp)))
            {
                result.AddError("Give at most one of '--password-stdin' and '--totp <code>'.");
            }
        });
        return command.Does(async (context, cancellationToken) =>
        {
            var ticket = context.Session(session);
            var proof = new SessionEndProof
            {
                Password = context.Value(password) ? context.ReadSecret("Hasło", "Password", "Пароль") : null,
                TotpCode = context.Value(totp),
            };
            var ended = await context.Get<SessionTickets>().EndAsync(ticket, context.Value(id), proof, cancellationToken);
            var body = new { ended = ended.Succeeded, sessionId = context.Value(id) };
            return ended.Succeeded
                ? context.Output.Done(body, text => text.WriteLine(context.Output.Say("Sesja zakończona.", "Session ended.", "Сеанс завершено.")))
                : context.Output.Refused(ended, body);
        });
    }
}
