using System.CommandLine;
using Uonet.Access.Passkeys;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Access;

/// <summary>
/// <c>passkeys list|remove</c>: the school office's view of an account's passkeys, and removing one (a lost phone)
/// with a notice to the address. There is no <c>add</c>: a passkey needs the person's own authenticator.
/// </summary>
internal static class PasskeyCommands
{
    public static Command Create() => new("passkeys", "An account's passkeys: list them, remove one (adding needs the person's own device).") { List(), Remove() };

    private static Command List()
    {
        var symbol = CommonArguments.Symbol();
        var email = new Argument<string>("email") { Description = "The account's login (e-mail)." };
        return new Command("list", "Lists the account's passkeys, oldest first: id, name, when added and last used, whether synced.") { symbol, email }.Does(async (context, cancellationToken) =>
        {
            var listed = await context.Get<AccountPasskeys>().ListForAccountAsync(context.Value(symbol), context.Value(email), cancellationToken);
            if (!listed.Succeeded)
            {
                return context.Output.Refused(AccessResult.Failure(listed.Errors));
            }

            var passkeys = listed.Value.Select(p => new
            {
                id = p.Id,
                name = p.Name,
                createdAt = p.CreatedAt,
                lastUsedAt = p.LastUsedAt,
                synced = p.IsSynced,
            }).ToList();
            return context.Output.Done(new { passkeys }, text => TextTable.Write(text,
                [context.Output.Say("klucz", "passkey", "ключ"), context.Output.Say("nazwa", "name", "назва"), context.Output.Say("dodany", "added", "додано"), context.Output.Say("ostatnio", "last used", "востаннє"), context.Output.Say("synchronizowany", "synced", "синхронізовано")],
                [.. passkeys.Select(p => new[] { p.id.ToString(), p.name, TextTable.Time(p.createdAt), p.lastUsedAt is { } used ? TextTable.Time(used) : "-", p.synced ? context.Output.Say("tak", "yes", "так") : context.Output.Say("nie", "no", "ні") })]));
        });
    }

    private static Command Remove()
    {
        var symbol = CommonArguments.Symbol();
        var email = new Argument<string>("email") { Description = "The account's login (e-mail)." };
        var id = new Argument<Guid>("passkey-id") { Description = "The id of the passkey to remove (from 'passkeys list')." };
        return new Command("remove", "Removes one passkey of the account and mails a notice to its address.") { symbol, email, id }.Does(async (context, cancellationToken) =>
        {
            var removed = await context.Get<AccountPasskeys>().RemoveForAccountAsync(context.Value(symbol), context.Value(email), context.Value(id), context.Output.Culture, cancellationToken);
            var body = new { removed = removed.Succeeded, passkeyId = context.Value(id) };
            return removed.Succeeded
                ? context.Output.Done(body, text => text.WriteLine(context.Output.Say("Klucz dostępu usunięty; wysłano powiadomienie.", "Passkey removed; a notice was sent.", "Ключ доступу видалено; повідомлення надіслано.")))
                : context.Output.Refused(removed, body);
        });
    }
}
