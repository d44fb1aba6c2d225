using System.CommandLine;
using Uonet.Access.Credentials;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sessions;

namespace Uonet.Access.Sample.Console.Commands.Access;

/// <summary><c>signin</c> and <c>pupils</c>: a session, and the pupils it sees now (the Uczeń selector, R5, R8).</summary>
internal static class SignInCommands
{
    public static Command SignIn()
    {
        var symbol = CommonArguments.Symbol();
        var email = new Argument<string>("email") { Description = "The login (e-mail)." };
        var totp = new Option<string>("--totp") { Description = "The 6-digit code of the authenticator app, when the account has one.", HelpName = "code" };
        var command = new Command("signin", "Signs in with e-mail and password; prints the session ticket.") { symbol, email, totp };
        CommonArguments.RequirePasswordStdin(command);
        return command.Does(async (context, cancellationToken) =>
        {
            var password = context.ReadSecret("Hasło", "Password");
            var result = await context.Get<AccountSignIn>().SignInAsync(new SignInRequest
            {
                InstanceSymbol = context.Value(symbol),
                Email = context.Value(email),
                Password = password,
                TotpCode = context.Value(totp),
            }, cancellationToken);
            var pupils = result.Pupils.Select(PupilView.From).ToList();
            var body = new { result = result.Outcome.ToString(), session = result.SessionTicket, lockedUntil = result.LockedUntil, pupils };
            if (!result.Succeeded)
            {
                return context.Output.Refused(AccessResult.Failure(result.Error!), body);
            }

            return context.Output.Done(body, text =>
            {
                text.WriteLine(context.Output.Say("Zalogowano. Bilet sesji:", "Signed in. Session ticket:"));
                text.WriteLine(result.SessionTicket);
                PupilView.WriteTable(text, context.Output, pupils);
            });
        });
    }

    public static Command Pupils()
    {
        var session = CommonArguments.Session();
        return new Command("pupils", "Lists the pupils a session sees now (the Uczeń selector).") { session }.Does(async (context, cancellationToken) =>
        {
            var validation = await context.Get<SessionTickets>().ValidateAsync(context.Session(session), cancellationToken);
            if (validation.Status != SessionStatus.Valid)
            {
                return context.Output.Refused(AccessResult.Failure(validation.Code ?? AccessErrorCodes.SessionSignedOut));
            }

            var pupils = validation.Pupils.Select(PupilView.From).ToList();
            return context.Output.Done(new { email = validation.Account!.Email, pupils }, text => PupilView.WriteTable(text, context.Output, pupils));
        });
    }
}
