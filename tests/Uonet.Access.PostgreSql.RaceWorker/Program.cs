// One side of a race between OS processes on one PostgreSQL database (see CrossProcessRaceTests).
//
//   RaceWorker <mode> <connection string> <schema> <now, ISO 8601> <callers> [target]
//     The connection string may instead be a shard map, "shards|<default connection string>|<symbol>|<connection
//     string>|…": the worker then runs on a PostgreSqlShardRouter over those databases (PostgreSQL's own invariants must
//     hold through it, across processes, as on one database).
//     link-token <token hash>    each caller tries to consume the link token        -> "result <LinkTokenConsumption>"
//     pairing <token hash>       each caller tries to register a device with the ticket -> "result <PairingConsumption>"
//     attempts <key>             each caller counts one attempt on the key           -> "result <count>"
//     outbox                     each caller is a dispatcher claiming 5 at a time until nothing is due, marking each
//                                message sent                                        -> "claimed <id>"
//     retention <batch size>     each caller runs every retention delete at <now> as its cut-off, in batches of the
//                                given size, round after round until a "stop" line comes and a round finds nothing
//                                                                                    -> "retained <rounds> <rows>"
//     traffic <iterations>       each caller, per iteration, completes a first login, fails and then succeeds a
//                                sign-in, pairs a device (which signs one request), opens another pairing ticket and
//                                asks for a restore link, all at <now>
//                                -> "live <account> <e-mail> <session> <used ticket> <device> <signature> <open ticket>
//                                   <used link> <open link>" and "mail <id>" for each message queued
//
// The worker connects, prints "ready", and waits for a line on standard input, so that the test can start both
// processes' callers at the same moment.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql;
using Uonet.Access.PostgreSql.Sharding;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

if (args.Length < 5)
{
    await Console.Error.WriteLineAsync("usage: RaceWorker link-token|pairing|attempts|outbox|retention|traffic <connection string> <schema> <now> <callers> [target]");
    return 2;
}

var (mode, connectionString, schema, target) = (args[0], args[1], args[2], args.Length > 5 ? args[5] : "");
var now = DateTimeOffset.Parse(args[3], CultureInfo.InvariantCulture);
var callers = int.Parse(args[4], CultureInfo.InvariantCulture);

var opened = Open(connectionString, schema);
await using var pools = opened.Owner;
var (_, directory, credentials, devices, outbox, retention, symbols) = opened;

// Opens the callers' pooled connections now (in every database of a shard map), so that the race does not wait for
// connection set-up.
await Task.WhenAll(symbols.SelectMany(symbol => Enumerable.Range(0, callers).Select(_ => directory.FindInstanceAsync(symbol, CancellationToken.None))));
Console.WriteLine("ready");
_ = Console.ReadLine();

// Retention runs until the test says "stop" (the traffic it races has ended), then until a round finds nothing.
var stop = mode == "retention" ? Task.Run(Console.ReadLine) : Task.FromResult<string?>(null);

Func<Task<IEnumerable<string>>> race = mode switch
{
    "link-token" => async () =>
    {
        var token = await credentials.FindLinkTokenAsync(target, CancellationToken.None) ?? throw new InvalidOperationException("no such link token");
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
        var result = await credentials.ConsumeLinkTokenAsync(target, now, account, null, Mail(token.Email, MailKind.PasswordSet), null, CancellationToken.None);
        return [$"result {result}"];
    },
    "pairing" => async () =>
    {
        var ticket = await devices.FindPairingTicketAsync(target, CancellationToken.None) ?? throw new InvalidOperationException("no such pairing ticket");
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
        var result = await devices.ConsumePairingTicketAsync(ticket.Id, now, device, Mail("rodzic@example.pl", MailKind.NewDevice), null, CancellationToken.None);
        return [$"result {result}"];
    },
    "attempts" => async () =>
    {
        var state = await credentials.RecordAttemptAsync(target, now, new AttemptPolicy(1000, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)), null, CancellationToken.None);
        return [string.Create(CultureInfo.InvariantCulture, $"result {state.Count}")];
    },
    "outbox" => async () =>
    {
        var claimed = new List<string>();
        while (await outbox.ClaimDueAsync(now, 5, now.AddMinutes(10), CancellationToken.None) is { Count: > 0 } batch)
        {
            foreach (var message in batch)
            {
                claimed.Add($"claimed {message.Id}");
                await outbox.MarkSentAsync(message.Id, now, CancellationToken.None);
            }
        }

        return claimed;
    },
    "retention" => async () =>
    {
        var batch = int.Parse(target, CultureInfo.InvariantCulture);
        Func<DateTimeOffset, int, CancellationToken, Task<int>>[] deletes =
        [
            retention.DeleteSpentLinkTokensAsync, retention.ClearExpiredSecondFactorTicketsAsync, retention.DeleteSpentPairingTicketsAsync,
            retention.DeleteEndedSessionsAsync, retention.DeleteExpiredSignaturesAsync, retention.DeleteStaleAttemptsAsync,
            retention.DeleteDeliveredMailAsync, retention.DeleteRevokedDevicesAsync, retention.DeleteSecurityEventsAsync,
        ];
        var (rounds, rows, found) = (0, 0, 0);
        do
        {
            found = 0;
            foreach (var delete in deletes)
            {
                found += await delete(now, batch, CancellationToken.None);
            }

            rows += found;
            rounds++;
        }
        while (!stop.IsCompleted || found > 0);

        return [string.Create(CultureInfo.InvariantCulture, $"retained {rounds} {rows}")];
    },
    "traffic" => async () =>
    {
        var lines = new List<string>();
        for (var i = 0; i < int.Parse(target, CultureInfo.InvariantCulture); i++)
        {
            lines.AddRange(await LiveAsync());
        }

        return lines;
    },
    _ => throw new ArgumentException($"unknown mode '{mode}'", nameof(args)),
};

var lines = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(race)));
foreach (var line in lines.SelectMany(l => l))
{
    Console.WriteLine(line);
}

return 0;

// One person's first login, sign-in and pairing, as the workflows write them: every call must succeed.
async Task<List<string>> LiveAsync()
{
    const string symbol = "gminawulkanowo";
    var none = CancellationToken.None;
    var email = $"zywy.{Guid.NewGuid():N}@example.pl";
    var mails = new List<OutboxMessage>();
    OutboxMessage Queued(MailKind kind)
    {
        var mail = Mail(email, kind) with { InstanceSymbol = symbol };
        mails.Add(mail);
        return mail;
    }

    var firstLink = Link(email);
    await credentials.RecordLinkRequestAsync(firstLink, Queued(MailKind.AccessLink), now, Event(Guid.Empty, SecurityEventKind.RestoreLinkRequested), none);
    var account = new Account
    {
        Id = Guid.NewGuid(),
        InstanceSymbol = symbol,
        Email = email,
        PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$" + Guid.NewGuid().ToString("N"),
        SecurityStamp = Guid.NewGuid().ToString("N"),
        CreatedAt = now,
        PasswordChangedAt = now,
    };
    Expect(LinkTokenConsumption.Consumed, await credentials.ConsumeLinkTokenAsync(firstLink.TokenHash, now, account, null, Queued(MailKind.PasswordSet), Event(account.Id, SecurityEventKind.PasswordSet), none));

    await credentials.RecordAttemptAsync($"sign-in:{symbol}:{email}", now, new AttemptPolicy(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5)), Event(account.Id, SecurityEventKind.SignInFailed), none);
    var session = new AccessSession
    {
        Id = Guid.NewGuid(),
        SecretHash = Hash(Guid.NewGuid().ToString("N")),
        AccountId = account.Id,
        InstanceSymbol = symbol,
        SecurityStamp = account.SecurityStamp,
        CreatedAt = now,
        LastSeenAt = now,
        ExpiresAt = now.AddHours(12),
    };
    await credentials.CreateSessionAsync(session, Event(account.Id, SecurityEventKind.SignInSucceeded), none);
    await credentials.TouchSessionAsync(session.Id, now.AddMinutes(1), none);

    var used = Ticket(account);
    await devices.CreatePairingTicketAsync(used, now, none);
    var device = new MobileDevice
    {
        Id = Guid.NewGuid(),
        AccountId = account.Id,
        InstanceSymbol = symbol,
        Name = "Telefon",
        Platform = "Android 15",
        PublicKey = RandomNumberGenerator.GetBytes(91),
        KeyAlgorithm = DeviceKeyAlgorithm.EcdsaP256,
        CreatedAt = now,
        LastSeenAt = now,
    };
    Expect(PairingConsumption.Consumed, await devices.ConsumePairingTicketAsync(used.Id, now, device, Queued(MailKind.NewDevice), Event(account.Id, SecurityEventKind.DeviceRegistered), none));
    var signature = Hash(Guid.NewGuid().ToString("N"));
    Expect(true, await devices.TryRecordSignatureAsync(device.Id, signature, now, now.AddMinutes(5), none));
    var open = Ticket(account);
    await devices.CreatePairingTicketAsync(open, now, none);

    var restoreLink = Link(email);
    await credentials.RecordLinkRequestAsync(restoreLink, Queued(MailKind.AccessLink), now, Event(Guid.Empty, SecurityEventKind.RestoreLinkRequested), none);

    return
    [
        $"live {account.Id} {email} {session.Id} {used.TokenHash} {device.Id} {signature} {open.TokenHash} {firstLink.TokenHash} {restoreLink.TokenHash}",
        .. mails.Select(m => $"mail {m.Id}"),
    ];

    LinkToken Link(string to) => new()
    {
        Id = Guid.NewGuid(),
        TokenHash = Hash(Guid.NewGuid().ToString("N")),
        InstanceSymbol = symbol,
        Email = to,
        CreatedAt = now,
        ExpiresAt = now.AddHours(1),
    };

    PairingTicket Ticket(Account holder) => new()
    {
        Id = Guid.NewGuid(),
        TokenHash = Hash(Guid.NewGuid().ToString("N")),
        PinHash = Hash(Guid.NewGuid().ToString("N")),
        AccountId = holder.Id,
        InstanceSymbol = symbol,
        CreatedAt = now,
        ExpiresAt = now.AddMinutes(10),
        RemainingTries = 3,
    };

    SecurityEvent Event(Guid accountId, SecurityEventKind kind) => new()
    {
        Id = Guid.NewGuid(),
        AccountId = accountId,
        InstanceSymbol = symbol,
        Kind = kind,
        OccurredAt = now,
        ClientAddress = "198.51.100.0/24",
    };
}

// One database (a PostgreSqlAccessStore) or a shard map (a PostgreSqlShardRouter): the same contracts either way.
static (IAsyncDisposable Owner, ISchoolDirectoryStore Directory, ICredentialStore Credentials, IDeviceStore Devices, IOutboxStore Outbox, IRetentionStore Retention, string[] Symbols) Open(string connectionString, string schema)
{
    if (!connectionString.StartsWith("shards|", StringComparison.Ordinal))
    {
        var store = PostgreSqlAccessStore.Create(connectionString, schema);
        return (store, store, store, store, store, store, ["warm-up"]);
    }

    var parts = connectionString.Split('|');
    var options = new PostgreSqlShardOptions { DefaultConnectionString = parts[1], Schema = schema };
    for (var i = 2; i + 1 < parts.Length; i += 2)
    {
        options.MapInstance(parts[i], parts[i + 1]);
    }

    var router = PostgreSqlShardRouter.Create(options);
    return (router, router, router, router, router, router, ["warm-up", .. parts.Skip(2).Where((_, i) => i % 2 == 0)]);
}

static void Expect<T>(T expected, T actual)
{
    if (!EqualityComparer<T>.Default.Equals(expected, actual))
    {
        throw new InvalidOperationException($"expected {expected}, got {actual}");
    }
}

static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

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
