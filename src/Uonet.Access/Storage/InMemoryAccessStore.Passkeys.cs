using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Passkeys;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage;

public sealed partial class InMemoryAccessStore : IPasskeyStore
{
    private readonly Dictionary<Guid, Passkey> _passkeys = [];
    private readonly Dictionary<string, PasskeyChallenge> _passkeyChallenges = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SaveChallengeAsync(PasskeyChallenge challenge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Check(challenge);
        lock (_gate)
        {
            foreach (var expired in _passkeyChallenges.Values.Where(c => c.ExpiresAt <= now).Select(c => c.ChallengeHash).ToList())
            {
                _passkeyChallenges.Remove(expired);
            }

            _passkeyChallenges[challenge.ChallengeHash] = challenge;
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<PasskeyChallenge?> TakeChallengeAsync(string challengeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(challengeHash, nameof(challengeHash));
        lock (_gate)
        {
            return Task.FromResult(_passkeyChallenges.Remove(challengeHash, out var challenge) && challenge.ExpiresAt > now ? challenge : null);
        }
    }

    /// <inheritdoc />
    public Task<Passkey?> FindPasskeyAsync(string symbol, byte[] credentialId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        lock (_gate)
        {
            return Task.FromResult(_passkeys.Values.FirstOrDefault(p => p.InstanceSymbol == symbol && p.CredentialId.AsSpan().SequenceEqual(credentialId)) is { } found ? Copy(found) : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Passkey>> ListPasskeysAsync(Guid accountId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Passkey> list = [.. _passkeys.Values.Where(p => p.AccountId == accountId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Select(Copy)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> AddPasskeyAsync(Passkey passkey, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(passkey);
        lock (_gate)
        {
            EnsureNewMail(notice, nameof(notice));
            EnsureNewEvent(securityEvent);
            if (!_accounts.TryGetValue(passkey.AccountId, out var account) || account.Status == AccountStatus.Closed || account.InstanceSymbol != passkey.InstanceSymbol)
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            if (_passkeys.ContainsKey(passkey.Id) || _passkeys.Values.Any(p => p.InstanceSymbol == passkey.InstanceSymbol && p.CredentialId.AsSpan().SequenceEqual(passkey.CredentialId)))
            {
                return Task.FromResult(StoreWriteResult.Duplicate);
            }

            _passkeys.Add(passkey.Id, Copy(passkey));
            Queue(notice);
            AddEvent(securityEvent);
            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> RecordPasskeyUseAsync(Guid passkeyId, long expectedSignCount, long signCount, bool isBackedUp, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_passkeys.TryGetValue(passkeyId, out var passkey))
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            if (passkey.SignCount != expectedSignCount)
            {
                return Task.FromResult(StoreWriteResult.Conflict);
            }

            _passkeys[passkeyId] = passkey with { SignCount = signCount, IsBackedUp = isBackedUp, LastUsedAt = usedAt };
            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> RenamePasskeyAsync(Guid accountId, Guid passkeyId, string name, CancellationToken cancellationToken)
    {
        StoreValues.Text(name, "Passkey.Name", StoreLimits.PasskeyName);
        lock (_gate)
        {
            if (!_passkeys.TryGetValue(passkeyId, out var passkey) || passkey.AccountId != accountId)
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            _passkeys[passkeyId] = passkey with { Name = name };
            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> RemovePasskeyAsync(Guid accountId, Guid passkeyId, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            EnsureNewMail(notice, nameof(notice));
            EnsureNewEvent(securityEvent);
            if (!_passkeys.TryGetValue(passkeyId, out var passkey) || passkey.AccountId != accountId)
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            _passkeys.Remove(passkeyId);
            Queue(notice);
            AddEvent(securityEvent);
            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    private void Queue(OutboxMessage? notice)
    {
        if (notice is not null)
        {
            _outbox.Add(notice.Id, notice);
        }
    }

    private void RemovePasskeysOf(Guid accountId)
    {
        foreach (var id in _passkeys.Values.Where(p => p.AccountId == accountId).Select(p => p.Id).ToList())
        {
            _passkeys.Remove(id);
        }
    }

    private static Passkey Copy(Passkey passkey) => passkey with
    {
        CredentialId = passkey.CredentialId.ToArray(),
        PublicKey = passkey.PublicKey.ToArray(),
        UserHandle = passkey.UserHandle.ToArray(),
        Transports = [.. passkey.Transports],
    };
}
