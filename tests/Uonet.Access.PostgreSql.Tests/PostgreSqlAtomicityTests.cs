using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests;

// A transaction that fails halfway (a constraint, a cancelled call, a connection that dies) must leave nothing behind:
// no half-written record, no token used up by an account that was never stored, no ticket burned without its device.
public sealed class PostgreSqlAtomicityTests : IDisposable
{
    // An outbox row inserted and not committed: another insert of its id waits for it.
    private const string OutboxRowSql = """
        INSERT INTO {schema}.outbox (id, message_id, kind, to_address, subject, text_body, html_body, created_at, attempts, next_attempt_at)
        VALUES (@id, '<blocker@example.pl>', 1, 'blocker@example.pl', 's', 't', 'h', now(), 0, now());
        """;

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task InsertStudentAsync_AuditIdAlreadyUsed_ThrowsAndNeitherRecordNorGuardiansWritten()
    {
        var store = await SeededStoreAsync();
        var first = Student();
        var audit = Audit(first);
        await store.InsertStudentAsync(first, audit, CancellationToken.None);
        var second = Student("Ola", "Nowak", "ola.nowak@example.pl", Guardian("ewa.nowak@example.pl"));

        // The record and its guardians are written before the audit entry breaks its unique id.
        var error = await Assert.ThrowsAsync<PostgresException>(() => store.InsertStudentAsync(second, Audit(second) with { Id = audit.Id }, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Null(await store.FindStudentAsync(Symbol, second.Id, CancellationToken.None));
        Assert.Empty(await store.FindStudentsByEmailAsync(Symbol, "ewa.nowak@example.pl", CancellationToken.None));
        Assert.Empty(await store.FindInstancesByEmailAsync("ola.nowak@example.pl", CancellationToken.None));
        Assert.Equal([first.Id], (await store.ListStudentsAsync(Symbol, Sp1, null, CancellationToken.None)).Select(r => r.Id));
    }

    [Fact]
    public async Task UpdateStudentsAsync_SecondAuditBreaksItsKey_ThrowsAndFirstRecordUnchanged_R9()
    {
        var store = await SeededStoreAsync();
        var jan = Student(guardians: Guardian(ParentEmail));
        var ola = Student("Ola", guardians: Guardian(ParentEmail));
        var janAudit = Audit(jan);
        await store.InsertStudentAsync(jan, janAudit, CancellationToken.None);
        await store.InsertStudentAsync(ola, Audit(ola), CancellationToken.None);
        StudentRecord Changed(StudentRecord r) => r with { Version = 2, Guardians = [r.Guardians[0] with { Email = "anna.nowa@example.pl" }] };

        await Assert.ThrowsAsync<PostgresException>(() => store.UpdateStudentsAsync(
            [new StudentRecordUpdate(Changed(jan), 1, Audit(jan, AuditAction.GuardianChanged)), new StudentRecordUpdate(Changed(ola), 1, Audit(ola, AuditAction.GuardianChanged) with { Id = janAudit.Id })],
            CancellationToken.None));

        Assert.Equal(2, (await store.FindStudentsByEmailAsync(Symbol, ParentEmail, CancellationToken.None)).Count);
        Assert.Empty(await store.FindStudentsByEmailAsync(Symbol, "anna.nowa@example.pl", CancellationToken.None));
        Assert.Equal(1, (await store.FindStudentAsync(Symbol, jan.Id, CancellationToken.None))?.Version);
        Assert.Equal(2, (await store.ListAuditAsync(Symbol, null, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_CancelledWhileWaitingToQueueItsMail_TokenAndAccountRolledBack_R3()
    {
        var store = await SeededStoreAsync();
        var token = LinkToken();
        await store.RecordLinkRequestAsync(token, null, Now, null, CancellationToken.None);
        var mail = NewMail();
        await using var blocker = await ServerLocks.HoldAsync(_schema, OutboxRowSql, ("id", mail.Id));
        using var cancel = new CancellationTokenSource();

        // The token is consumed and the account inserted; then the mail's insert waits for the blocker's row: cancel it there.
        var consuming = store.ConsumeLinkTokenAsync(token.TokenHash, Now.AddMinutes(5), Account(), null, mail, null, cancel.Token);
        await ServerLocks.WaitForWaiterAsync(blocker.ProcessID);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming);
        await blocker.CloseAsync();

        Assert.Null((await store.FindLinkTokenAsync(token.TokenHash, CancellationToken.None))!.ConsumedAt);
        Assert.Null(await store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Empty(await store.ListAsync(null, 10, CancellationToken.None));
        Assert.Equal(LinkTokenConsumption.Consumed, await store.ConsumeLinkTokenAsync(token.TokenHash, Now.AddMinutes(6), Account(), null, NewMail(), null, CancellationToken.None));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_ConnectionKilledBeforeCommit_TicketStaysOpenWithoutDevice_R7()
    {
        var store = await SeededStoreAsync();
        var account = await CreateAccountAsync(store);
        var ticket = Ticket(account);
        await store.CreatePairingTicketAsync(ticket, Now, CancellationToken.None);
        var mail = NewMail(kind: MailKind.NewDevice);
        var device = Device(account);
        await using var blocker = await ServerLocks.HoldAsync(_schema, OutboxRowSql, ("id", mail.Id));

        // As if the web node died mid-request: the server ends its connection after the ticket was marked used and the
        // device inserted, before the commit.
        var pairing = store.ConsumePairingTicketAsync(ticket.Id, Now.AddMinutes(1), device, mail, null, CancellationToken.None);
        var pid = await ServerLocks.WaitForWaiterAsync(blocker.ProcessID);
        await _schema.QueryAsync<bool>("SELECT pg_terminate_backend(@pid);", ("pid", pid));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => pairing);
        await blocker.CloseAsync();

        var stored = await store.FindPairingTicketAsync(ticket.TokenHash, CancellationToken.None);
        Assert.Equal((null, 3), (stored!.ConsumedAt, stored.RemainingTries));
        Assert.Null(await store.FindDeviceAsync(device.Id, CancellationToken.None));
        Assert.Equal(PairingConsumption.Consumed, await store.ConsumePairingTicketAsync(ticket.Id, Now.AddMinutes(2), Device(account), NewMail(kind: MailKind.NewDevice), null, CancellationToken.None));
    }

    private async Task<PostgreSqlAccessStore> SeededStoreAsync()
    {
        var store = await _schema.CreateStoreAsync();
        await SeedAsync(store);
        return store;
    }
}
