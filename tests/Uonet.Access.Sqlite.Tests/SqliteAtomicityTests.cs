using Microsoft.Data.Sqlite;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.Sqlite.Tests;

// A transaction that fails halfway must leave nothing behind: no half-written record, no mail for a change that did
// not happen, no ticket used up by a device that was never stored. The shared specification holds every store to this
// for taken ids of mail and devices; these are the failures only a database raises (foreign keys, unique audit ids).
public sealed class SqliteAtomicityTests : IDisposable
{
    private readonly SqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ConsumePairingTicketAsync_DeviceOfUnknownAccount_ThrowsAndNothingWritten()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var account = await CreateAccountAsync(store);
        var ticket = Ticket(account);
        await store.CreatePairingTicketAsync(ticket, Now, CancellationToken.None);
        var stranger = Device(account) with { AccountId = Guid.NewGuid() };

        await Assert.ThrowsAsync<SqliteException>(() => store.ConsumePairingTicketAsync(ticket.Id, Now.AddMinutes(1), stranger, NewMail(kind: MailKind.NewDevice), null, CancellationToken.None));

        Assert.Null((await store.FindPairingTicketAsync(ticket.TokenHash, CancellationToken.None))?.ConsumedAt);
        Assert.Null(await store.FindDeviceAsync(stranger.Id, CancellationToken.None));
        Assert.DoesNotContain(await store.ListAsync(null, 100, CancellationToken.None), m => m.Kind == MailKind.NewDevice);
    }

    [Fact]
    public async Task InsertStudentAsync_AuditIdAlreadyUsed_ThrowsAndRecordNotWritten()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var first = Student();
        var audit = Audit(first);
        await store.InsertStudentAsync(first, audit, CancellationToken.None);
        var second = Student("Ola", "Nowak", "ola.nowak@example.pl", Guardian("ewa.nowak@example.pl"));

        // The record and its guardians are inserted before the audit entry breaks its unique id.
        await Assert.ThrowsAsync<SqliteException>(() => store.InsertStudentAsync(second, Audit(second) with { Id = audit.Id }, CancellationToken.None));

        Assert.Null(await store.FindStudentAsync(Symbol, second.Id, CancellationToken.None));
        Assert.Empty(await store.FindStudentsByEmailAsync(Symbol, "ewa.nowak@example.pl", CancellationToken.None));
        Assert.Empty(await store.FindInstancesByEmailAsync("ola.nowak@example.pl", CancellationToken.None));
        Assert.Equal([first.Id], (await store.ListStudentsAsync(Symbol, Sp1, null, CancellationToken.None)).Select(r => r.Id));
    }

    [Fact]
    public async Task UpdateStudentsAsync_SecondAuditIdAlreadyUsed_ThrowsAndFirstRecordRolledBack_R9()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var jan = Student(guardians: Guardian(ParentEmail));
        var ola = Student("Ola", guardians: Guardian(ParentEmail));
        var janAudit = Audit(jan);
        await store.InsertStudentAsync(jan, janAudit, CancellationToken.None);
        await store.InsertStudentAsync(ola, Audit(ola), CancellationToken.None);
        StudentRecord Moved(StudentRecord r) => r with { Version = 2, Guardians = [r.Guardians[0] with { Email = "anna.nowa@example.pl" }] };

        // Jan's record and guardians are rewritten before Ola's audit entry breaks its unique id.
        await Assert.ThrowsAsync<SqliteException>(() => store.UpdateStudentsAsync(
            [new StudentRecordUpdate(Moved(jan), 1, Audit(jan, AuditAction.GuardianChanged)), new StudentRecordUpdate(Moved(ola), 1, Audit(ola, AuditAction.GuardianChanged) with { Id = janAudit.Id })],
            CancellationToken.None));

        Assert.Equal(1, (await store.FindStudentAsync(Symbol, jan.Id, CancellationToken.None))?.Version);
        Assert.Equal(2, (await store.FindStudentsByEmailAsync(Symbol, ParentEmail, CancellationToken.None)).Count);
        Assert.Empty(await store.FindStudentsByEmailAsync(Symbol, "anna.nowa@example.pl", CancellationToken.None));
        Assert.Equal(2, (await store.ListAuditAsync(Symbol, null, 100, CancellationToken.None)).Count);
    }
}
