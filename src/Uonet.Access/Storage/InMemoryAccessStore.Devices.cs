using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Maintenance;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage;

public sealed partial class InMemoryAccessStore : IDeviceStore, IMaintenanceStore
{
    private readonly Dictionary<Guid, PairingTicket> _tickets = [];
    private readonly Dictionary<Guid, MobileDevice> _devices = [];
    private readonly Dictionary<(Guid Device, string Signature), DateTimeOffset> _signatures = [];
    private readonly Dictionary<Guid, MaintenanceWindow> _windows = [];
    private readonly HashSet<(Guid Account, Guid Linked)> _links = [];

    /// <inheritdoc />
    public Task CreatePairingTicketAsync(PairingTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        lock (_gate)
        {
            if (_tickets.ContainsKey(ticket.Id))
            {
                throw new ArgumentException($"A pairing ticket with id {ticket.Id} already exists.", nameof(ticket));
            }

            CloseTickets(t => t.AccountId == ticket.AccountId, now);
            _tickets.Add(ticket.Id, ticket);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<PairingTicket?> FindPairingTicketAsync(string tokenHash, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A short token may come round again after its ticket is dead: the newest ticket with the hash is the live one.
            return Task.FromResult(_tickets.Values.Where(t => t.TokenHash == tokenHash).MaxBy(t => (t.CreatedAt, t.Id)));
        }
    }

    /// <inheritdoc />
    public Task<PairingTicket?> RecordWrongPinAsync(Guid ticketId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_tickets.TryGetValue(ticketId, out var ticket))
            {
                return Task.FromResult<PairingTicket?>(null);
            }

            if (ticket.ConsumedAt is null && ticket.ClosedAt is null && ticket.RemainingTries > 0 && ticket.ExpiresAt > now)
            {
                var tries = ticket.RemainingTries - 1;
                ticket = ticket with { RemainingTries = tries, ClosedAt = tries == 0 ? now : null };
                _tickets[ticketId] = ticket;
            }

            return Task.FromResult<PairingTicket?>(ticket);
        }
    }

    /// <inheritdoc />
    public Task<PairingConsumption> ConsumePairingTicketAsync(Guid ticketId, DateTimeOffset now, MobileDevice device, OutboxMessage mail, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(mail);
        lock (_gate)
        {
            if (!_tickets.TryGetValue(ticketId, out var ticket))
            {
                return Task.FromResult(PairingConsumption.NotFound);
            }

            var state = ticket switch
            {
                { ConsumedAt: not null } => PairingConsumption.AlreadyUsed,
                { ClosedAt: not null } or { RemainingTries: <= 0 } => PairingConsumption.Closed,
                _ when ticket.ExpiresAt <= now => PairingConsumption.Expired,
                _ => PairingConsumption.Consumed,
            };
            if (state != PairingConsumption.Consumed)
            {
                return Task.FromResult(state);
            }

            if (_devices.ContainsKey(device.Id))
            {
                throw new ArgumentException($"A device with id {device.Id} is already registered.", nameof(device));
            }

            EnsureNewMail(mail, nameof(mail));
            EnsureNewEvent(securityEvent);
            _tickets[ticketId] = ticket with { ConsumedAt = now };
            AddEvent(securityEvent);
            _devices.Add(device.Id, Copy(device));
            _outbox.Add(mail.Id, mail);
            return Task.FromResult(PairingConsumption.Consumed);
        }
    }

    /// <inheritdoc />
    public Task<MobileDevice?> FindDeviceAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_devices.TryGetValue(deviceId, out var device) ? Copy(device) : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MobileDevice>> ListDevicesAsync(Guid accountId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<MobileDevice> list = [.. _devices.Values.Where(d => d.AccountId == accountId).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Select(Copy)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<bool> RevokeDeviceAsync(Guid deviceId, DateTimeOffset revokedAt, DeviceRevocationReason reason, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureNewEvent(securityEvent);
            if (!_devices.TryGetValue(deviceId, out var device) || device.RevokedAt is not null)
            {
                return Task.FromResult(false);
            }

            _devices[deviceId] = device with { RevokedAt = revokedAt, RevocationReason = reason };
            AddEvent(securityEvent);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task TouchDeviceAsync(Guid deviceId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_devices.TryGetValue(deviceId, out var device) && device.LastSeenAt < lastSeenAt)
            {
                _devices[deviceId] = device with { LastSeenAt = lastSeenAt };
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<bool> TryRecordSignatureAsync(Guid deviceId, string signatureHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Expired entries are dropped as they are met, so the cache holds only the current clock window.
            if (_signatures.Count > 0 && _signatures.Count % 1024 == 0)
            {
                foreach (var stale in _signatures.Where(s => s.Value <= now).Select(s => s.Key).ToList())
                {
                    _signatures.Remove(stale);
                }
            }

            var key = (deviceId, signatureHash);
            if (_signatures.TryGetValue(key, out var until) && until > now)
            {
                return Task.FromResult(false);
            }

            _signatures[key] = expiresAt;
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> CloseAccountAsync(Guid accountId, DateTimeOffset now, DeviceRevocationReason deviceReason, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(accountId, out var account) || account.Status == AccountStatus.Closed)
            {
                return Task.FromResult(false);
            }

            EnsureNewMail(notice, nameof(notice));
            EnsureNewEvent(securityEvent);
            AddEvent(securityEvent);
            _accounts[accountId] = account with
            {
                Status = AccountStatus.Closed,
                ClosedAt = now,
                SecurityStamp = SecretTokens.NewStamp(),
                Version = account.Version + 1,
            };
            foreach (var session in _sessions.Values.Where(s => s.AccountId == accountId && s.RevokedAt is null).ToList())
            {
                _sessions[session.Id] = session with { RevokedAt = now };
            }

            foreach (var device in _devices.Values.Where(d => d.AccountId == accountId && d.RevokedAt is null).ToList())
            {
                _devices[device.Id] = device with { RevokedAt = now, RevocationReason = deviceReason };
            }

            foreach (var token in _tokens.Values.Where(t => t.InstanceSymbol == account.InstanceSymbol && t.Email == account.Email && t.ConsumedAt is null && t.SupersededAt is null).ToList())
            {
                _tokens[token.TokenHash] = token with { SupersededAt = now };
            }

            CloseTickets(t => t.AccountId == accountId, now);
            RemovePasskeysOf(accountId);
            _links.RemoveWhere(l => l.Account == accountId || l.Linked == accountId);
            if (notice is not null)
            {
                _outbox.Add(notice.Id, notice);
            }

            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task LinkAccountsAsync(Guid accountId, Guid otherAccountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _links.Add((accountId, otherAccountId));
            _links.Add((otherAccountId, accountId));
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<bool> UnlinkAccountsAsync(Guid accountId, Guid otherAccountId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var removed = _links.Remove((accountId, otherAccountId));
            removed |= _links.Remove((otherAccountId, accountId));
            return Task.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Guid>> ListLinkedAccountsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Guid> list = [.. _links.Where(l => l.Account == accountId).Select(l => l.Linked).Order()];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> UpdateStudentsAsync(IReadOnlyList<StudentRecordUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        lock (_gate)
        {
            foreach (var update in updates)
            {
                if (!_students.TryGetValue(update.Record.Id, out var current) || current.InstanceSymbol != update.Record.InstanceSymbol
                    || !_units.ContainsKey((update.Record.InstanceSymbol, update.Record.UnitCode)))
                {
                    return Task.FromResult(StoreWriteResult.NotFound);
                }

                if (current.Version != update.ExpectedVersion)
                {
                    return Task.FromResult(StoreWriteResult.Conflict);
                }
            }

            // A record named twice: its second change was computed without the first, so writing both would lose one silently.
            if (updates.DistinctBy(u => u.Record.Id).Count() != updates.Count)
            {
                return Task.FromResult(StoreWriteResult.Conflict);
            }

            foreach (var update in updates)
            {
                var record = Copy(update.Record);
                Unindex(_students[record.Id]);
                _students[record.Id] = record;
                Index(record);
                _audit.Add(update.Audit);
            }

            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    /// <inheritdoc />
    public Task AddMaintenanceWindowAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        lock (_gate)
        {
            _windows.Add(window.Id, window);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MaintenanceWindow>> ListMaintenanceWindowsAsync(string? symbol, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<MaintenanceWindow> list = [.. _windows.Values
                .Where(w => (w.InstanceSymbol is null || w.InstanceSymbol == symbol) && (w.EndedAt is null || w.EndedAt > now))
                .OrderBy(w => w.StartsAt)
                .ThenBy(w => w.Id)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<bool> EndMaintenanceWindowAsync(Guid windowId, DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_windows.TryGetValue(windowId, out var window) || window.EndedAt is not null)
            {
                return Task.FromResult(false);
            }

            _windows[windowId] = window with { EndedAt = endedAt };
            return Task.FromResult(true);
        }
    }

    // The key is a mutable array: copy it in and out so a caller changing an array cannot change the key that verifies signatures.
    private static MobileDevice Copy(MobileDevice device) => device with { PublicKey = [.. device.PublicKey] };

    private void CloseTickets(Func<PairingTicket, bool> which, DateTimeOffset now)
    {
        foreach (var open in _tickets.Values.Where(t => which(t) && t.ConsumedAt is null && t.ClosedAt is null).ToList())
        {
            _tickets[open.Id] = open with { ClosedAt = now };
        }
    }
}
