using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.AcrossInstances;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Records;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests.Faults;

// The database connection dies while a workflow is inside its transaction, after its first writes and before its last
// (see BackendKiller). The call must fail at once with the driver's exception, leave nothing half-done behind, and the
// same call must succeed when retried on the same instance: the dead connection is not handed out again.
public sealed class ConnectionKilledTests : IDisposable
{
    private const string NewPassword = "zielony rower nad rzeka";

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task CompleteAsync_FirstLoginKilledBeforeItsNotice_NoTokenUsedNoAccount_RetrySucceeds_R3()
    {
        await using var node = await SchoolAsync();
        var request = new CompleteAccessRequest { Token = await node.RequestLinkAsync(), Password = AppInstance.Password };

        // The token is marked used and the account inserted; the "password set" notice waits, and the connection dies.
        await BackendKiller.KillWhileWritingAsync(_schema, node, "outbox", () => node.Restore.CompleteAsync(request));

        Assert.Equal([0L], await _schema.QueryAsync<long>("SELECT count(*) FROM {schema}.link_tokens WHERE consumed_at IS NOT NULL;"));
        Assert.Null(await node.Store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.DoesNotContain(await node.Store.ListAsync(ParentEmail, 100, CancellationToken.None), m => m.Kind == MailKind.PasswordSet);

        var retried = await node.Restore.CompleteAsync(request);

        Assert.True(retried.Succeeded, retried.ToString());
        Assert.Single(await node.Store.ListAsync(ParentEmail, 100, CancellationToken.None), m => m.Kind == MailKind.PasswordSet);
        Assert.Equal(SignInOutcome.Success, (await node.TrySignInAsync(AppInstance.Password)).Outcome);
    }

    [Fact]
    public async Task CompleteAsync_RestoreKilledBeforeItsNotice_TokenUnusedAndOldPasswordKept_RetrySucceeds_R4()
    {
        await using var node = await SchoolAsync();
        await node.SetPasswordAsync();
        var before = await node.Store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None);
        var request = new CompleteAccessRequest { Token = await node.RequestLinkAsync(), Password = NewPassword };

        await BackendKiller.KillWhileWritingAsync(_schema, node, "outbox", () => node.Restore.CompleteAsync(request));

        // No used token without its password, and no password (or new security stamp) without its used token and notice.
        Assert.Equal([1L], await _schema.QueryAsync<long>("SELECT count(*) FROM {schema}.link_tokens WHERE consumed_at IS NOT NULL;"));
        var after = await node.Store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None);
        Assert.Equal((before!.Version, before.PasswordHash, before.SecurityStamp), (after!.Version, after.PasswordHash, after.SecurityStamp));
        Assert.Single(await node.Store.ListAsync(ParentEmail, 100, CancellationToken.None), m => m.Kind == MailKind.PasswordSet);

        var retried = await node.Restore.CompleteAsync(request);

        Assert.True(retried.Succeeded, retried.ToString());
        Assert.Equal(2, (await node.Store.ListAsync(ParentEmail, 100, CancellationToken.None)).Count(m => m.Kind == MailKind.PasswordSet));
        Assert.Equal(SignInOutcome.Success, (await node.TrySignInAsync(NewPassword)).Outcome);
    }

    [Fact]
    public async Task AddStudentAsync_KilledBeforeItsAuditEntry_NoRecordNoGuardians_RetrySucceeds()
    {
        await using var node = await SchoolAsync();
        var ola = AppInstance.NewPupil("Ola", "15220123466", "ewa.nowak@example.pl");

        // The record and its guardians are inserted; the audit entry waits, and the connection dies.
        await BackendKiller.KillWhileWritingAsync(_schema, node, "audit_entries", () => node.Records.AddStudentAsync(AppInstance.Staff, ola));

        Assert.Single(await node.Store.ListStudentsAsync(Symbol, Sp1, null, CancellationToken.None));
        Assert.Empty(await node.Store.FindStudentsByEmailAsync(Symbol, "ewa.nowak@example.pl", CancellationToken.None));
        Assert.Single(await node.Store.ListAuditAsync(Symbol, null, 100, CancellationToken.None));

        var retried = await node.Records.AddStudentAsync(AppInstance.Staff, ola);

        Assert.True(retried.Succeeded, retried.ToString());
        Assert.Single(await node.Store.FindStudentsByEmailAsync(Symbol, "ewa.nowak@example.pl", CancellationToken.None));
        Assert.Single(await node.Store.ListAuditAsync(Symbol, retried.Value.Id, 100, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStudentAsync_KilledBeforeItsAuditEntry_RecordUnchanged_RetrySucceeds()
    {
        await using var node = AppInstance.Start(_schema, "victim");
        var jan = await node.SeedSchoolAsync();
        var changes = new StudentChanges { LastName = "Kowalski-Nowak" };

        await BackendKiller.KillWhileWritingAsync(_schema, node, "audit_entries", () => node.Records.UpdateStudentAsync(AppInstance.Staff, jan.Id, changes, jan.Version));

        var stored = await node.Store.FindStudentAsync(Symbol, jan.Id, CancellationToken.None);
        Assert.Equal((jan.Version, "Kowalski"), (stored!.Version, stored.LastName));
        Assert.Single(await node.Store.ListAuditAsync(Symbol, jan.Id, 100, CancellationToken.None));

        var retried = await node.Records.UpdateStudentAsync(AppInstance.Staff, jan.Id, changes, jan.Version);

        Assert.True(retried.Succeeded, retried.ToString());
        Assert.Equal("Kowalski-Nowak", (await node.Store.FindStudentAsync(Symbol, jan.Id, CancellationToken.None))!.LastName);
        Assert.Equal(2, (await node.Store.ListAuditAsync(Symbol, jan.Id, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task RegisterDeviceAsync_KilledBeforeItsNotice_TicketOpenNoDevice_RetrySucceeds_R7()
    {
        await using var node = await SchoolAsync();
        await node.SetPasswordAsync();
        var ticket = (await node.Devices.CreatePairingAsync(await node.SignedInAsync())).Value;
        var phone = BruteForceAcrossInstancesTests.Phone();

        // The ticket is marked used and the device inserted; the "new device" notice waits, and the connection dies.
        await BackendKiller.KillWhileWritingAsync(_schema, node, "outbox", () => node.Devices.RegisterDeviceAsync(ticket.InstanceSymbol, ticket.Token, ticket.Pin, phone));

        Assert.Equal([3], await _schema.QueryAsync<int>("SELECT remaining_tries FROM {schema}.pairing_tickets WHERE consumed_at IS NULL AND closed_at IS NULL;"));
        Assert.Equal([0L], await _schema.QueryAsync<long>("SELECT count(*) FROM {schema}.devices;"));
        Assert.DoesNotContain(await node.Store.ListAsync(ParentEmail, 100, CancellationToken.None), m => m.Kind == MailKind.NewDevice);

        var retried = await node.Devices.RegisterDeviceAsync(ticket.InstanceSymbol, ticket.Token, ticket.Pin, phone);

        Assert.True(retried.Succeeded, retried.ToString());
        Assert.Equal([retried.Value.DeviceId], await _schema.QueryAsync<Guid>("SELECT id FROM {schema}.devices;"));
        Assert.Single(await node.Store.ListAsync(ParentEmail, 100, CancellationToken.None), m => m.Kind == MailKind.NewDevice);
    }

    [Fact]
    public async Task SignInAsync_KilledWhileCountingAFailure_NotCounted_RetryCountsItOnce()
    {
        await using var node = await SchoolAsync();
        await node.SetPasswordAsync();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(SignInOutcome.Failed, (await node.TrySignInAsync("zle haslo do konta")).Outcome);
        }

        await BackendKiller.KillWhileWritingAsync(_schema, node, "attempts", () => node.TrySignInAsync("zle haslo do konta"));

        Assert.Equal([4], await _schema.QueryAsync<int>("SELECT count FROM {schema}.attempts WHERE key LIKE 'signin:%';"));

        var retried = await node.TrySignInAsync("zle haslo do konta");

        Assert.Equal(SignInOutcome.LockedOut, retried.Outcome);
        Assert.Equal(SignInOutcome.LockedOut, (await node.TrySignInAsync(AppInstance.Password)).Outcome);
    }

    [Fact]
    public async Task SignInAsync_IdlePooledConnectionsKilled_AtMostOneCallFailsThenThePoolRecoversByItself()
    {
        // A database restart or failover ends every idle connection of the pool at once. Npgsql does not test a pooled
        // connection before handing it out, so the first call may meet a dead one; it then drops the pool's connections
        // itself, and the calls after it succeed without the application doing anything.
        await using var node = await SchoolAsync();
        await node.SetPasswordAsync();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => node.TrySignInAsync(AppInstance.Password)));
        var killed = await _schema.QueryAsync<bool>("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name;", ("name", node.Name));

        var first = await Record.ExceptionAsync(() => node.TrySignInAsync(AppInstance.Password).WaitAsync(BackendKiller.Patience));
        var next = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => node.TrySignInAsync(AppInstance.Password)));

        Assert.NotEmpty(killed);
        Assert.True(first is null or NpgsqlException, $"the first call failed with {first}");
        Assert.All(next, r => Assert.Equal(SignInOutcome.Success, r.Outcome));
    }

    private async Task<AppInstance> SchoolAsync()
    {
        var node = AppInstance.Start(_schema, "victim");
        await node.SeedSchoolAsync();
        return node;
    }
}
