using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.Mail;
using Uonet.Access.Passkeys;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

public sealed partial class EntityFrameworkCoreAccessStore<TContext>
{
    /// <inheritdoc />
    public Task SaveChallengeAsync(PasskeyChallenge challenge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Check(challenge);
        var at = StoredTime.From(now);
        var fresh = PasskeyChallengeRow.From(challenge);
        return WriteRetryingInsertAsync(
            async (context, token) =>
            {
                await context.Set<PasskeyChallengeRow>().Where(c => c.ExpiresAt <= at).ExecuteDeleteAsync(token).ConfigureAwait(false);
                var row = await context.Set<PasskeyChallengeRow>().FirstOrDefaultAsync(c => c.ChallengeHash == challenge.ChallengeHash, token).ConfigureAwait(false);
                if (row is null)
                {
                    context.Add(PasskeyChallengeRow.From(challenge));
                }
                else
                {
                    row.Ceremony = fresh.Ceremony;
                    row.InstanceSymbol = fresh.InstanceSymbol;
                    row.AccountId = fresh.AccountId;
                    row.OptionsJson = fresh.OptionsJson;
                    row.ExpiresAt = fresh.ExpiresAt;
                }

                return (true, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<PasskeyChallenge?> TakeChallengeAsync(string challengeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        StoreValues.Key(challengeHash, nameof(challengeHash));
        return WriteAsync<PasskeyChallenge?>(
            async (context, token) =>
            {
                var row = await context.Set<PasskeyChallengeRow>().AsNoTracking().FirstOrDefaultAsync(c => c.ChallengeHash == challengeHash, token).ConfigureAwait(false);
                if (row is null)
                {
                    return (null, false);
                }

                // Of concurrent takers, only the one whose delete removed the row has it.
                if (await context.Set<PasskeyChallengeRow>().Where(c => c.ChallengeHash == challengeHash).ExecuteDeleteAsync(token).ConfigureAwait(false) != 1)
                {
                    return (null, false);
                }

                var challenge = row.ToChallenge();
                return (challenge.ExpiresAt > now ? challenge : null, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Passkey?> FindPasskeyAsync(string symbol, byte[] credentialId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentialId);
        StoreValues.Key(symbol, nameof(symbol));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<PasskeyRow>().FirstOrDefaultAsync(p => p.InstanceSymbol == symbol && p.CredentialId == credentialId, cancellationToken).ConfigureAwait(false);
        return row?.ToPasskey();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Passkey>> ListPasskeysAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.Set<PasskeyRow>().Where(p => p.AccountId == accountId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToPasskey()).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)];
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> AddPasskeyAsync(Passkey passkey, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(passkey);
        StoreValues.Check(securityEvent);
        if (notice is not null)
        {
            StoreValues.Check(notice);
        }

        try
        {
            return await WriteAsync<StoreWriteResult>(
                async (context, token) =>
                {
                    // Locks the owner's row: a closure of the account (which deletes its passkeys) waits, or wins first.
                    if (!await LockAccountAsync(context, passkey.AccountId, passkey.InstanceSymbol, token).ConfigureAwait(false))
                    {
                        return (StoreWriteResult.NotFound, false);
                    }

                    if (await PasskeyExistsAsync(context, passkey, token).ConfigureAwait(false))
                    {
                        return (StoreWriteResult.Duplicate, false);
                    }

                    context.Add(PasskeyRow.From(passkey));
                    AddMail(context, notice);
                    await AddEventAsync(context, securityEvent, token).ConfigureAwait(false);
                    return (StoreWriteResult.Success, true);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (await PasskeyExistsAsync(context, passkey, cancellationToken).ConfigureAwait(false))
            {
                return StoreWriteResult.Duplicate;
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> RecordPasskeyUseAsync(Guid passkeyId, long expectedSignCount, long signCount, bool isBackedUp, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        var at = StoredTime.From(usedAt);
        await using var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var changed = await context.Set<PasskeyRow>()
            .Where(p => p.Id == passkeyId && p.SignCount == expectedSignCount)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.SignCount, signCount).SetProperty(p => p.BackedUp, isBackedUp).SetProperty(p => p.LastUsedAt, at), cancellationToken)
            .ConfigureAwait(false);
        if (changed == 1)
        {
            return StoreWriteResult.Success;
        }

        return await context.Set<PasskeyRow>().AnyAsync(p => p.Id == passkeyId, cancellationToken).ConfigureAwait(false)
            ? StoreWriteResult.Conflict
            : StoreWriteResult.NotFound;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> RenamePasskeyAsync(Guid accountId, Guid passkeyId, string name, CancellationToken cancellationToken)
    {
        StoreValues.Text(name, "Passkey.Name", StoreLimits.PasskeyName);
        return await ExecuteAsync(
            c => c.Set<PasskeyRow>().Where(p => p.Id == passkeyId && p.AccountId == accountId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, name), cancellationToken),
            cancellationToken).ConfigureAwait(false) == 1
            ? StoreWriteResult.Success
            : StoreWriteResult.NotFound;
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> RemovePasskeyAsync(Guid accountId, Guid passkeyId, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        StoreValues.Check(securityEvent);
        if (notice is not null)
        {
            StoreValues.Check(notice);
        }

        return WriteAsync<StoreWriteResult>(
            async (context, token) =>
            {
                if (await context.Set<PasskeyRow>().Where(p => p.Id == passkeyId && p.AccountId == accountId).ExecuteDeleteAsync(token).ConfigureAwait(false) != 1)
                {
                    return (StoreWriteResult.NotFound, false);
                }

                AddMail(context, notice);
                await AddEventAsync(context, securityEvent, token).ConfigureAwait(false);
                return (StoreWriteResult.Success, true);
            },
            cancellationToken);
    }

    private static Task<bool> PasskeyExistsAsync(TContext context, Passkey passkey, CancellationToken cancellationToken) =>
        context.Set<PasskeyRow>().AnyAsync(p => p.Id == passkey.Id || (p.InstanceSymbol == passkey.InstanceSymbol && p.CredentialId == passkey.CredentialId), cancellationToken);
}
