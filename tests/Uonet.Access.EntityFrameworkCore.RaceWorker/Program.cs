// One side of a race between OS processes on one PostgreSQL database through the EF Core store (see
// CrossProcessRaceTests of Uonet.Access.EntityFrameworkCore.Tests).
//
//   RaceWorker <mode> <connection string> <now, ISO 8601> <callers> <target>
//     link-token <token hash>    each caller tries to consume the link token            -> "result <LinkTokenConsumption>"
//     pairing <token hash>       each caller tries to register a device with the ticket -> "result <PairingConsumption>"
//
// The worker opens its callers' connections, prints "ready", and waits for a line on standard input, so that the test
// can start both processes' callers at the same moment.
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.EntityFrameworkCore;
using Uonet.Access.Mail;

if (args.Length < 5)
{
    await Console.Error.WriteLineAsync("usage: RaceWorker link-token|pairing <connection string> <now> <callers> <target>");
    return 2;
}

var (mode, connectionString, target) = (args[0], args[1], args[4]);
var now = DateTimeOffset.Parse(args[2], CultureInfo.InvariantCulture);
var callers = int.Parse(args[3], CultureInfo.InvariantCulture);

// A store of this process's own over a pool of its own: nothing in .NET is shared with the other worker.
var contexts = new PooledDbContextFactory<UonetAccessDbContext>(new DbContextOptionsBuilder<UonetAccessDbContext>().UseNpgsql(connectionString).Options);
var store = new EntityFrameworkCoreAccessStore<UonetAccessDbContext>(contexts);

await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => store.FindInstanceAsync("warm-up", CancellationToken.None)));
Console.WriteLine("ready");
_ = Console.ReadLine();

Func<Task<string>> race = mode switch
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
        return $"result {await store.ConsumeLinkTokenAsync(target, now, account, null, Mail(token.Email, MailKind.PasswordSet), null, CancellationToken.None)}";
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
        return $"result {await store.ConsumePairingTicketAsync(ticket.Id, now, device, Mail("rodzic@example.pl", MailKind.NewDevice), null, CancellationToken.None)}";
    },
    _ => throw new ArgumentException($"unknown mode '{mode}'", nameof(args)),
};

foreach (var line in await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(race))))
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
