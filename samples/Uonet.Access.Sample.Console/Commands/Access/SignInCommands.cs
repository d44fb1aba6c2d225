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
        var totp = new Option<string>("--totp") { Description = "The 6-digit code of the authenticator app: finishes the second step at once when the account asks for it.", HelpName = "code" };
        var command = new Command("signin", "Signs in with e-mail and password; prints the session ticket, or the second-factor ticket for 'signin complete'.") { symbol, email, totp, Complete() };
        CommonArguments.RequirePasswordStdin(command);
        return command.Does(async (context, cancellationToken) =>
        {
            var password = context.ReadSecret("Hasło", "Password", "Пароль");
            var signIn = context.Get<AccountSignIn>();
            var result = await signIn.SignInAsync(new SignInRequest
            {
                InstanceSymbol = context.Value(symbol),
                Email = context.Value(email),
                Password = password,
            }, cancellationToken);
            if (result.Outcome == SignInOutcome.RequiresSecondFactor && !string.IsNullOrWhiteSpace(context.Value(totp)))
            {
                result = await signIn.CompleteSecondFactorAsync(new SecondFactorRequest
                {
                    InstanceSymbol = context.Value(symbol),
                    Ticket = result.SecondFactorTicket!,
                    TotpCode = context.Value(totp),
                }, cancellationToken);
            }

            return Answer(context, result);
        });
    }

    /// <summary><c>signin complete</c>: the second step, with the ticket the password step printed.</summary>
    private static Command Complete()
    {
        var symbol = CommonArguments.Symbol();
        var totp = new Option<string>("--totp") { Description = "The 6-digit code of the authenticator app.", HelpName = "code" };
        var recovery = new Option<bool>("--recovery-stdin") { Description = "Use a recovery code instead, read from the second line of standard input." };
        var command = new Command("complete", "Finishes a sign-in that asked for the second factor. The second-factor ticket printed by 'signin' is read from the first line of standard input.") { symbol, totp, recovery };
        command.Validators.Add(result =>
        {
            var hasTotp = !string.IsNullOrWhiteSpace(result.GetValue(totp));
            if (hasTotp == result.GetValue(recovery))
            {
                result.AddError("Give exactly one of '--totp <code>' and '--recovery-stdin'.");
            }
        });
        return command.Does(async (context, cancellationToken) =>
        {
            var ticket = context.ReadSecret("Bilet drugiego kroku", "Second-factor ticket", "Квиток другого кроку");
            var recoveryCode = context.Value(recovery) ? context.ReadSecret("Kod odzyskiwania", "Recovery code", "Код відновлення") : null;
            var result = await context.Get<AccountSignIn>().CompleteSecondFactorAsync(new SecondFactorRequest
            {
                InstanceSymbol = context.Value(symbol),
                Ticket = ticket,
                TotpCode = context.Value(totp),
                RecoveryCode = recoveryCode,
            }, cancellationToken);
            return Answer(context, result);
        });
    }

    private static int Answer(ToolContext context, AccountSignInResult result)
    {
        var pupils = result.Pupils.Select(PupilView.From).ToList();
        var body = new
        {
            result = result.Outcome.ToString(),
            session = result.SessionTicket,
            lockedUntil = result.LockedUntil,
            pupils,
            secondFactorTicket = result.SecondFactorTicket,
            secondFactorExpiresAt = result.SecondFactorExpiresAt,
        };
        if (result.Outcome == SignInOutcome.RequiresSecondFactor && !context.Output.Json)
        {
            context.Output.Progress.WriteLine(context.Output.Say(
                "Podaj kod z aplikacji: echo <bilet> | uonet-access signin complete <symbol> --totp <kod>. Bilet drugiego kroku:",
                "Enter the app's code: echo <ticket> | uonet-access signin complete <symbol> --totp <code>. Second-factor ticket:",
                "Введіть код із застосунку: echo <квиток> | uonet-access signin complete <symbol> --totp <код>. Квиток другого кроку:"));
            context.Output.Progress.WriteLine(result.SecondFactorTicket);
        }

        if (!result.Succeeded)
        {
            return context.Output.Refused(AccessResult.Failure(result.Error!), body);
        }

        return context.Output.Done(body, text =>
        {
            text.WriteLine(context.Output.Say("Zalogowano. Bilet sesji:", "Signed in. Session ticket:", "Вхід виконано. Квиток сеансу:"));
            text.WriteLine(result.SessionTicket);
            PupilView.WriteTable(text, context.Output, pupils);
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
