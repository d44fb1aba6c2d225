using System.CommandLine;
using Uonet.Access.Credentials;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Access;

/// <summary><c>access start|complete</c>: the first login and <i>Przywróć dostęp</i>, one procedure (R3, R4).</summary>
internal static class AccessCommands
{
    public static Command Create() => new("access", "The first login and Przywróć dostęp (restore access): a link by e-mail, then a password.") { Start(), Complete() };

    private static Command Start()
    {
        var symbol = CommonArguments.Symbol();
        var email = new Argument<string>("email") { Description = "The address asking for a link." };
        return new Command("start", "Asks for a first-login / restore link. The answer is the same for every address; the mail (if any) is in the outbox.") { symbol, email }.Does(async (context, cancellationToken) =>
        {
            var started = await context.Get<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = context.Value(symbol), Email = context.Value(email) }, cancellationToken);
            if (!started.Succeeded)
            {
                return context.Output.Refused(started);
            }

            // Never say whether the address was eligible: the operator sees what went out with "outbox list".
            var message = ToolMessages.Describe(ToolMessages.AccessStarted, new Dictionary<string, string> { ["symbol"] = context.Value(symbol) }, context.Output.Culture);
            return context.Output.Done(new { message }, text => text.WriteLine(message));
        });
    }

    private static Command Complete()
    {
        var token = new Argument<string>("token") { Description = "The token of the link (outbox list prints it)." };
        var command = new Command("complete", "Sets the password through a link's token; the link is used up.") { token };
        CommonArguments.RequirePasswordStdin(command);
        return command.Does(async (context, cancellationToken) =>
        {
            var password = context.ReadSecret("Nowe hasło", "New password", "Новий пароль");
            var completed = await context.Get<RestoreAccess>().CompleteAsync(new CompleteAccessRequest { Token = context.Value(token), Password = password, Culture = context.Output.Culture }, cancellationToken);
            return completed.Succeeded
                ? context.Output.Done(new { passwordSet = true }, text => text.WriteLine(context.Output.Say("Hasło ustawione: można się zalogować.", "Password set: you can sign in.", "Пароль установлено: можна входити.")))
                : context.Output.Refused(completed);
        });
    }
}
