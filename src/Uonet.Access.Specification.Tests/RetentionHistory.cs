using System.Security.Cryptography;
using System.Text;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

/// <summary>
/// A generated history of one account — sessions, pairing tickets and devices, link tokens, security events, mail,
/// attempt counters, replay entries and a second-factor ticket, each at a time around one cut-off — with a model of
/// what retention must remove at that cut-off. The same seed gives the same history on every store, so the in-memory
/// store (many seeds, property-based) and the database stores (a few seeds, specification suite) prove one rule.
/// </summary>
public sealed class RetentionHistory
{
    /// <summary>The cut-off every delete of the run uses.</summary>
    public static readonly DateTimeOffset CutOff = new(2026, 9, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly List<AccessSession> _sessions = [];
    private readonly List<(PairingTicket Ticket, MobileDevice? Device, DateTimeOffset? RevokedAt)> _pairings = [];
    private readonly List<(LinkToken Token, DateTimeOffset? SupersededAt)> _tokens = [];
    private readonly List<SecurityEvent> _events = [];
    private readonly List<(OutboxMessage Mail, DateTimeOffset? SentAt)> _mail = [];
    private readonly List<(string Key, DateTimeOffset At, AttemptPolicy Policy)> _attempts = [];
    private readonly List<(Guid Device, string Hash, DateTimeOffset ExpiresAt)> _signatures = [];
    private readonly List<Guid> _mailBefore = [];
    private readonly Random _random;
    private DateTimeOffset? _secondFactorExpiresAt;

    private RetentionHistory(int seed) => _random = new Random(seed);

    /// <summary>A history of about <paramref name="size"/> items of each kind, from <paramref name="seed"/>.</summary>
    public static RetentionHistory Generate(int seed, int size)
    {
        var history = new RetentionHistory(seed);
        history.Build(Math.Max(1, size));
        return history;
    }

    /// <summary>What the history holds, for a failing case's message.</summary>
    public override string ToString() =>
        $"{_sessions.Count} sessions, {_pairings.Count} tickets, {_tokens.Count} tokens, {_events.Count} events, {_mail.Count} mails, {_attempts.Count} counters, {_signatures.Count} signatures";

    /// <summary>Writes the history through the store contracts, for <paramref name="account"/> (already stored).</summary>
    public async Task WriteAsync(StoreUnderTest store, Account account)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(account);
        var none = CancellationToken.None;
        _mailBefore.AddRange((await store.Outbox.ListAsync(null, 10_000, none)).Where(m => m.SentAt is null).Select(m => m.Id));
        foreach (var session in _sessions)
        {
            await store.Credentials.CreateSessionAsync(session with { AccountId = account.Id, InstanceSymbol = account.InstanceSymbol, SecurityStamp = account.SecurityStamp }, none);
            if (session.RevokedAt is { } revoked)
            {
                await store.Credentials.RevokeSessionAsync(session.Id, revoked, none);
            }
        }

        foreach (var (ticket, device, revokedAt) in _pairings)
        {
            await store.Devices.CreatePairingTicketAsync(ticket with { AccountId = account.Id }, ticket.CreatedAt, none);
            if (device is not null)
            {
                var mail = Mail(device.CreatedAt) with { Kind = MailKind.NewDevice };
                Assert.Equal(PairingConsumption.Consumed, await store.Devices.ConsumePairingTicketAsync(ticket.Id, device.CreatedAt, device with { AccountId = account.Id }, mail, none));
                _mail.Add((mail, null));
                if (revokedAt is { } revoked)
                {
                    Assert.True(await store.Devices.RevokeDeviceAsync(device.Id, revoked, DeviceRevocationReason.RevokedByUser, none));
                }
            }
        }

        foreach (var (token, supersededAt) in _tokens)
        {
            await store.Credentials.RecordLinkRequestAsync(token, null, token.CreatedAt, none);
            if (supersededAt is { } at)
            {
                await store.Credentials.RecordLinkRequestAsync(token with { Id = Guid.NewGuid(), TokenHash = Hash(token.TokenHash), CreatedAt = at, ExpiresAt = at.AddDays(30) }, null, at, none);
            }
        }

        foreach (var securityEvent in _events)
        {
            await store.Credentials.AppendSecurityEventAsync(securityEvent with { AccountId = account.Id }, none);
        }

        foreach (var (mail, sentAt) in _mail.Where(m => m.Mail.Kind == MailKind.PasswordSet))
        {
            await store.Outbox.EnqueueAsync(mail, none);
            if (sentAt is { } sent)
            {
                await store.Outbox.MarkSentAsync(mail.Id, sent, none);
            }
        }

        foreach (var (key, at, policy) in _attempts)
        {
            await store.Credentials.RecordAttemptAsync(key, at, policy, none);
        }

        foreach (var (device, hash, expiresAt) in _signatures)
        {
            Assert.True(await store.Devices.TryRecordSignatureAsync(device, hash, expiresAt.AddMinutes(-5), expiresAt, none));
        }

        if (_secondFactorExpiresAt is { } expires)
        {
            var current = (await store.Credentials.FindAccountByIdAsync(account.Id, none))!;
            var ticket = new SecondFactorTicket(Hash("second-factor"), expires, null);
            Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(current with { SecondFactorTicket = ticket, Version = current.Version + 1 }, current.Version, null, none));
        }
    }

    /// <summary>
    /// Runs every delete at <see cref="CutOff"/> in batches of <paramref name="batchSize"/> and checks each kind's count
    /// and survivors; <paramref name="spentTokensBefore"/> link tokens spent before the history (the account's own) go too.
    /// </summary>
    public async Task RetainAndCheckAsync(StoreUnderTest store, IRetentionStore retention, Account account, int batchSize, int spentTokensBefore)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentNullException.ThrowIfNull(account);
        var none = CancellationToken.None;
        var cut = CutOff;
        var dueTickets = TicketStates().Count(t => t.ConsumedAt <= cut || t.ClosedAt <= cut || t.ExpiresAt <= cut);

        Assert.Equal(_sessions.Count(s => s.RevokedAt <= cut || s.ExpiresAt <= cut), await DrainAsync(retention.DeleteEndedSessionsAsync, batchSize));
        Assert.Equal(dueTickets, await DrainAsync(retention.DeleteSpentPairingTicketsAsync, batchSize));
        Assert.Equal(_pairings.Count(p => p.RevokedAt <= cut), await DrainAsync(retention.DeleteRevokedDevicesAsync, batchSize));
        Assert.Equal(spentTokensBefore + _tokens.Count(t => t.SupersededAt <= cut || t.Token.ExpiresAt <= cut), await DrainAsync(retention.DeleteSpentLinkTokensAsync, batchSize));
        Assert.Equal(_events.Count(e => e.OccurredAt <= cut), await DrainAsync(retention.DeleteSecurityEventsAsync, batchSize));
        Assert.Equal(_mail.Count(m => m.SentAt <= cut), await DrainAsync(retention.DeleteDeliveredMailAsync, batchSize));
        Assert.Equal(_attempts.Count(a => a.At + a.Policy.Window <= cut), await DrainAsync(retention.DeleteStaleAttemptsAsync, batchSize));
        Assert.Equal(_signatures.Count(s => s.ExpiresAt <= cut), await DrainAsync(retention.DeleteExpiredSignaturesAsync, batchSize));
        Assert.Equal(_secondFactorExpiresAt <= cut ? 1 : 0, await DrainAsync(retention.ClearExpiredSecondFactorTicketsAsync, batchSize));

        await AssertRetainedAsync(store, account, []);

        async Task<int> DrainAsync(Func<DateTimeOffset, int, CancellationToken, Task<int>> delete, int batch)
        {
            var total = 0;
            int deleted;
            do
            {
                deleted = await delete(cut, batch, none);
                Assert.InRange(deleted, 0, batch);
                total += deleted;
            }
            while (deleted == batch);

            return total;
        }
    }

    /// <summary>
    /// Checks, after retention at <see cref="CutOff"/> ran (here or in another process), that every item of the history
    /// that was due is gone and every other one is still there; <paramref name="otherMail"/> is the mail others queued
    /// meanwhile, which must be there too.
    /// </summary>
    public async Task AssertRetainedAsync(StoreUnderTest store, Account account, IReadOnlyCollection<Guid> otherMail)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(otherMail);
        var none = CancellationToken.None;
        var cut = CutOff;

        foreach (var session in _sessions)
        {
            Assert.Equal(!(session.RevokedAt <= cut || session.ExpiresAt <= cut), await store.Credentials.FindSessionAsync(session.Id, none) is not null);
        }

        foreach (var ticket in TicketStates())
        {
            var kept = !(ticket.ConsumedAt <= cut || ticket.ClosedAt <= cut || ticket.ExpiresAt <= cut);
            Assert.Equal(kept, (await store.Devices.FindPairingTicketAsync(ticket.TokenHash, none))?.Id == ticket.Id);
        }

        foreach (var (_, device, revokedAt) in _pairings.Where(p => p.Device is not null))
        {
            Assert.Equal(!(revokedAt <= cut), await store.Devices.FindDeviceAsync(device!.Id, none) is not null);
        }

        foreach (var (token, supersededAt) in _tokens)
        {
            Assert.Equal(!(supersededAt <= cut || token.ExpiresAt <= cut), await store.Credentials.FindLinkTokenAsync(token.TokenHash, none) is not null);
        }

        var events = await store.Credentials.ListSecurityEventsAsync(account.Id, 10_000, none);
        Assert.Equal(_events.Where(e => e.OccurredAt > cut).Select(e => e.Id).Order(), events.Select(e => e.Id).Order());
        var mail = await store.Outbox.ListAsync(null, 10_000, none);
        Assert.Equal(_mail.Where(m => !(m.SentAt <= cut)).Select(m => m.Mail.Id).Concat(_mailBefore).Concat(otherMail).Order(), mail.Select(m => m.Id).Order());
        var after = (await store.Credentials.FindAccountByIdAsync(account.Id, none))!;
        Assert.Equal(_secondFactorExpiresAt is { } expires && expires > cut, after.SecondFactorTicket is not null);
    }

    // Opening a ticket closes the account's open one at that moment: replay the openings to know each ticket's end.
    private List<PairingTicket> TicketStates()
    {
        var states = new List<PairingTicket>();
        foreach (var (ticket, device, _) in _pairings)
        {
            for (var i = 0; i < states.Count; i++)
            {
                if (states[i].ConsumedAt is null && states[i].ClosedAt is null)
                {
                    states[i] = states[i] with { ClosedAt = ticket.CreatedAt };
                }
            }

            states.Add(device is null ? ticket : ticket with { ConsumedAt = device.CreatedAt });
        }

        return states;
    }

    private void Build(int size)
    {
        for (var i = 0; i < size; i++)
        {
            var created = Around();
            _sessions.Add(new AccessSession
            {
                Id = Guid.NewGuid(),
                SecretHash = Hash("session" + i),
                AccountId = Guid.Empty,
                InstanceSymbol = string.Empty,
                SecurityStamp = string.Empty,
                CreatedAt = created,
                LastSeenAt = created,
                ExpiresAt = created.AddHours(_random.Next(1, 49)),
                RevokedAt = Maybe() ? created.AddMinutes(_random.Next(1, 600)) : null,
            });
        }

        // Tickets in the order they were opened, each later than the one before.
        var opened = Around().AddDays(-2);
        for (var i = 0; i < size; i++)
        {
            opened = opened.AddMinutes(_random.Next(1, 240));
            var ticket = new PairingTicket
            {
                Id = Guid.NewGuid(),
                TokenHash = Hash("pairing" + i),
                PinHash = Hash("pin" + i),
                AccountId = Guid.Empty,
                InstanceSymbol = StoreSpecificationSymbols.Symbol,
                CreatedAt = opened,
                ExpiresAt = opened.AddMinutes(10),
                RemainingTries = 3,
            };
            MobileDevice? device = null;
            DateTimeOffset? revokedAt = null;
            if (Maybe())
            {
                var at = opened.AddMinutes(1);
                device = new MobileDevice
                {
                    Id = Guid.NewGuid(),
                    AccountId = Guid.Empty,
                    InstanceSymbol = StoreSpecificationSymbols.Symbol,
                    Name = "Telefon " + i,
                    Platform = "Android 15",
                    PublicKey = RandomNumberGenerator.GetBytes(91),
                    KeyAlgorithm = DeviceKeyAlgorithm.EcdsaP256,
                    CreatedAt = at,
                    LastSeenAt = at,
                };
                revokedAt = Maybe() ? at.AddHours(_random.Next(1, 72)) : null;
            }

            _pairings.Add((ticket, device, revokedAt));
        }

        for (var i = 0; i < size; i++)
        {
            var created = Around();
            var token = new LinkToken
            {
                Id = Guid.NewGuid(),
                TokenHash = Hash("link" + i),
                InstanceSymbol = StoreSpecificationSymbols.Symbol,
                Email = $"rodzic{i}@example.pl",
                CreatedAt = created,
                ExpiresAt = created.AddHours(_random.Next(1, 48)),
            };
            _tokens.Add((token, Maybe() ? created.AddMinutes(_random.Next(1, 120)) : null));
            _events.Add(new SecurityEvent
            {
                Id = Guid.NewGuid(),
                AccountId = Guid.Empty,
                InstanceSymbol = StoreSpecificationSymbols.Symbol,
                Kind = (SecurityEventKind)_random.Next(1, 16),
                OccurredAt = Around(),
            });
            var queued = Around();
            _mail.Add((Mail(queued), Maybe() ? queued.AddMinutes(_random.Next(0, 90)) : null));
            _attempts.Add(($"sign-in:{i}", Around(), new AttemptPolicy(5, TimeSpan.FromMinutes(_random.Next(1, 120)), TimeSpan.FromMinutes(5))));
            var expires = Around();
            _signatures.Add((Guid.NewGuid(), Hash("signature" + i), expires));
        }

        _secondFactorExpiresAt = Around();
    }

    // A whole-second time within two days either side of the cut-off, sometimes exactly on it.
    private DateTimeOffset Around() => _random.Next(10) == 0 ? CutOff : CutOff.AddSeconds(_random.Next(-2 * 86_400, 2 * 86_400));

    private bool Maybe() => _random.Next(2) == 0;

    private static OutboxMessage Mail(DateTimeOffset created)
    {
        var id = Guid.NewGuid();
        return new OutboxMessage
        {
            Id = id,
            MessageId = $"<{id:N}@uonet.example.pl>",
            InstanceSymbol = StoreSpecificationSymbols.Symbol,
            Kind = MailKind.PasswordSet,
            To = "anna.kowalska@example.pl",
            Subject = "Hasło zostało ustawione",
            TextBody = "Dzień dobry.",
            HtmlBody = "<p>Dzień dobry.</p>",
            CreatedAt = created,
            NextAttemptAt = created,
        };
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>The instance symbol the suite's histories are written in.</summary>
internal static class StoreSpecificationSymbols
{
    public const string Symbol = "gminawulkanowo";
}
