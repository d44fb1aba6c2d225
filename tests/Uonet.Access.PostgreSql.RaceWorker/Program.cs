// One side of a race between OS processes on one PostgreSQL database (see CrossProcessRaceTests).
//
//   RaceWorker <mode> <connection string> <schema> <now, ISO 8601> <callers> [target]
//     link-token <token hash>    each caller tries to consume the link token        -> "result <LinkTokenConsumption>"
//     pairing <token hash>       each caller tries to register a device with the ticket -> "result <PairingConsumption>"
//     attempts <key>             each caller counts one attempt on the key           -> "result <count>"
//     outbox                     each caller is a dispatcher claiming 5 at a time until nothing is due, marking each
//                                message sent                                        -> "claimed <id>"
//
// The worker connects, prints "ready", and waits for a line on standard input, so that the test can start both
// processes' callers at the same moment.
using System.Globalization;
using System.Security.Cryptography;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql;

if (args.Length < 5)
{
    await Console.Error.WriteLineAsync("usage: RaceWorker link-token|pairing|attempts|outbox <connection string> <schema> <now> <callers> [target]");
    return 2;
}

var (mode, connectionString, schema, target) = (args[0], args[1], args[2], args.Length > 5 ? args[5] : "");
var now = DateTimeOffset.Parse(args[3], CultureInfo.InvariantCulture);
var callers = int.Parse(args[4], CultureInfo.InvariantCulture);

await using var store = PostgreSqlAccessStore.Create(connectionString, schema);

// Opens the callers' pooled connections now, so that the race does not wait for connection set-up.
await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => store.FindInstanceAsync("warm-up", CancellationToken.None)));
Console.WriteLine("ready");
_ = Console.ReadLine();

Func<Task<IEnumerable<string>>> race = mode switch
{
    "link-token" => async () =>
    {
        var token = await store.FindLinkTokenAsync(target, CancellationToken.None) ?? throw new InvalidOperationException("no such link token");
        var account = new Account
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = token.InstanceSymbol,
            Email = token.Email,
            PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$" + Guid.NewGuid().ToString("N"),
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = now,
            PasswordChangedAt = now,
        };
        var result = await store.ConsumeLinkTokenAsync(target, now, account, null, Mail(token.Email, MailKind.PasswordSet), null, CancellationToken.None);
        return [$"result {result}"];
    },
    "pairing" => async () =>
    {
        var ticket = await store.FindPairingTicketAsync(target, CancellationToken.None) ?? throw new InvalidOperationException("no such pairing ticket");
        var device = new MobileDevice
        {
            Id = Guid.NewGuid(),
            AccountId = ticket.AccountId,
            InstanceSymbol = ticket.InstanceSymbol,
            Name = $"Telefon procesu {Environment.ProcessId}",
            Platform = "Android 15",
            PublicKey = RandomNumberGenerator.GetBytes(91),
            KeyAlgorithm = DeviceKeyAlgorithm.EcdsaP256,
            CreatedAt = now,
            LastSeenAt = now,
        };
        var result = await store.ConsumePairingTicketAsync(ticket.Id, now, device, Mail("rodzic@example.pl", MailKind.NewDevice), null, CancellationToken.None);
        return [$"result {result}"];
    },
    "attempts" => async () =>
    {
        var state = await store.RecordAttemptAsync(target, now, new AttemptPolicy(1000, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)), null, CancellationToken.None);
        return [string.Create(CultureInfo.InvariantCulture, $"result {state.Count}")];
    },
    "outbox" => async () =>
    {
        var claimed = new List<string>();
        while (await store.ClaimDueAsync(now, 5, now.AddMinutes(10), CancellationToken.None) is { Count: > 0 } batch)
        {
            foreach (var message in batch)
            {
                claimed.Add($"claimed {message.Id}");
                await store.MarkSentAsync(message.Id, now, CancellationToken.None);
            }
        }

        return claimed;
    },
    _ => throw new ArgumentException($"unknown mode '{mode}'", nameof(args)),
};

var lines = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(race)));
foreach (var line in lines.SelectMany(l => l))
{
    Console.WriteLine(line);
}

return 0;

OutboxMessage Mail(string to, MailKind kind)
{
    var id = Guid.NewGuid();
    return new OutboxMessage
    {
        Id = id,
        MessageId = $"<{id:N}@uonet.example.pl>",
        Kind = kind,
        To = to,
        Subject = "Wyścig",
        TextBody = "Dzień dobry.",
        HtmlBody = "<p>Dzień dobry.</p>",
        CreatedAt = now,
        NextAttemptAt = now,
    };
}
