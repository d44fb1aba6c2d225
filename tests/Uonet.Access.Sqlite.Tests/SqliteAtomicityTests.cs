using Microsoft.Data.Sqlite;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Sqlite.Tests.Fixtures;

namespace Uonet.Access.Sqlite.Tests;

// A transaction that fails halfway must leave nothing behind: no half-written record, no mail for a change that did
// not happen, no ticket used up by a device that was never stored.
public sealed class SqliteAtomicityTests : IDisposable
{
    private readonly SqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ConsumePairingTicketAsync_DeviceIdAlreadyTaken_ThrowsAndTicketStaysOpenWithoutMail()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var account = await CreateAccountAsync(store);
        var first = await PairAsync(store, account);
        var ticket = Ticket(account, Now.AddMinutes(5));
        await store.CreatePairingTicketAsync(ticket, Now.AddMinutes(5), CancellationToken.None);
        var mailBefore = await store.ListAsync(null, 100, CancellationToken.None);

        // The ticket is marked used and then the device insert breaks the primary key: all of it must roll back.
        await Assert.ThrowsAsync<SqliteException>(() => store.ConsumePairingTicketAsync(
            ticket.Id, Now.AddMinutes(6), Device(account) with { Id = first.Id, Name = "Drugi telefon" }, NewMail(kind: MailKind.NewDevice), CancellationToken.None));

        Assert.Equal(ticket, await store.FindPairingTicketAsync(ticket.TokenHash, CancellationToken.None));
        Assert.Equal(mailBefore.Select(m => m.Id), (await store.ListAsync(null, 100, CancellationToken.None)).Select(m => m.Id));
        Assert.Equal("Telefon Anny", Assert.Single(await store.ListDevicesAsync(account.Id, CancellationToken.None)).Name);
        Assert.Equal(PairingConsumption.Consumed, await store.ConsumePairingTicketAsync(ticket.Id, Now.AddMinutes(7), Device(account), NewMail(), CancellationToken.None));
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_DeviceOfUnknownAccount_ThrowsAndNothingWritten()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var account = await CreateAccountAsync(store);
        var ticket = Ticket(account);
        await store.CreatePairingTicketAsync(ticket, Now, CancellationToken.None);
        var stranger = Device(account) with { AccountId = Guid.NewGuid() };

        await Assert.ThrowsAsync<SqliteException>(() => store.ConsumePairingTicketAsync(ticket.Id, Now.AddMinutes(1), stranger, NewMail(kind: MailKind.NewDevice), CancellationToken.None));

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
    public async Task UpdateStudentsAsync_SecondRecordStale_ConflictAndFirstNotWritten_R9()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var jan = Student(guardians: Guardian(ParentEmail));
        var ola = Student("Ola", guardians: Guardian(ParentEmail));
        await store.InsertStudentAsync(jan, Audit(jan), CancellationToken.None);
        await store.InsertStudentAsync(ola, Audit(ola), CancellationToken.None);
        StudentRecord Changed(StudentRecord r) => r with { Version = 2, Guardians = [r.Guardians[0] with { Email = "anna.nowa@example.pl" }] };

        var result = await store.UpdateStudentsAsync(
            [new StudentRecordUpdate(Changed(jan), 1, Audit(jan, AuditAction.GuardianChanged)), new StudentRecordUpdate(Changed(ola), 7, Audit(ola, AuditAction.GuardianChanged))],
            CancellationToken.None);

        Assert.Equal(StoreWriteResult.Conflict, result);
        Assert.Equal(2, (await store.FindStudentsByEmailAsync(Symbol, ParentEmail, CancellationToken.None)).Count);
        Assert.Empty(await store.FindStudentsByEmailAsync(Symbol, "anna.nowa@example.pl", CancellationToken.None));
        Assert.Equal(2, (await store.ListAuditAsync(Symbol, null, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task UpdateStudentsAsync_SameRecordTwiceFromOneVersion_ConflictAndNothingWritten()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var jan = Student();
        await store.InsertStudentAsync(jan, Audit(jan), CancellationToken.None);

        var result = await store.UpdateStudentsAsync(
            [new StudentRecordUpdate(jan with { Version = 2, ClassName = "4B" }, 1, Audit(jan)), new StudentRecordUpdate(jan with { Version = 2, ClassName = "4C" }, 1, Audit(jan))],
            CancellationToken.None);

        Assert.Equal(StoreWriteResult.Conflict, result);
        Assert.Equal(jan with { Guardians = [] }, (await store.FindStudentAsync(Symbol, jan.Id, CancellationToken.None))! with { Guardians = [] });
        Assert.Single(await store.ListAuditAsync(Symbol, jan.Id, 100, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStudentsAsync_AllVersionsMatch_EveryRecordAndAuditWritten_R9()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var jan = Student(guardians: Guardian(ParentEmail));
        var ola = Student("Ola", guardians: Guardian(ParentEmail));
        await store.InsertStudentAsync(jan, Audit(jan), CancellationToken.None);
        await store.InsertStudentAsync(ola, Audit(ola), CancellationToken.None);
        StudentRecord Changed(StudentRecord r) => r with { Version = 2, Guardians = [r.Guardians[0] with { Email = "anna.nowa@example.pl" }] };

        var result = await store.UpdateStudentsAsync(
            [new StudentRecordUpdate(Changed(jan), 1, Audit(jan, AuditAction.GuardianChanged)), new StudentRecordUpdate(Changed(ola), 1, Audit(ola, AuditAction.GuardianChanged))],
            CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        Assert.Empty(await store.FindStudentsByEmailAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Equal(2, (await store.FindStudentsByEmailAsync(Symbol, "anna.nowa@example.pl", CancellationToken.None)).Count);
        Assert.Equal(4, (await store.ListAuditAsync(Symbol, null, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task UpdateStudentsAsync_OneRecordMissing_NotFoundAndNothingWritten()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var jan = Student();
        await store.InsertStudentAsync(jan, Audit(jan), CancellationToken.None);
        var ghost = Student("Duch");

        var result = await store.UpdateStudentsAsync(
            [new StudentRecordUpdate(jan with { Version = 2, ClassName = "4B" }, 1, Audit(jan)), new StudentRecordUpdate(ghost with { Version = 2 }, 1, Audit(ghost))],
            CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        Assert.Equal("4A", (await store.FindStudentAsync(Symbol, jan.Id, CancellationToken.None))?.ClassName);
    }

    [Fact]
    public async Task RecordLinkRequestAsync_MailBreaksItsPrimaryKey_ThrowsAndOldTokenNotSuperseded()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var old = LinkToken();
        var oldMail = NewMail(kind: MailKind.AccessLink);
        await store.RecordLinkRequestAsync(old, oldMail, Now, CancellationToken.None);
        var newer = LinkToken() with { CreatedAt = Now.AddMinutes(1) };

        await Assert.ThrowsAsync<SqliteException>(() => store.RecordLinkRequestAsync(newer, NewMail() with { Id = oldMail.Id }, Now.AddMinutes(1), CancellationToken.None));

        Assert.Equal(old, await store.FindLinkTokenAsync(old.TokenHash, CancellationToken.None));
        Assert.Null(await store.FindLinkTokenAsync(newer.TokenHash, CancellationToken.None));
    }

    [Fact]
    public async Task InsertStudentAsync_CancelledBeforeItRuns_NothingWritten()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var record = Student(email: "jan.kowalski@example.pl");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.InsertStudentAsync(record, Audit(record), cancelled.Token));

        Assert.Null(await store.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
    }
}
