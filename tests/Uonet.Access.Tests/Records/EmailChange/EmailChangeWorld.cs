using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Records.EmailChange;

/// <summary>
/// A <see cref="TestSchool"/> with the R9 services built over its store: <see cref="AccountClosure"/>, a
/// <see cref="StudentRecords"/> that closes accounts after record changes, and <see cref="GuardianEmailChange"/>.
/// The record store they use may be wrapped (e.g. to change a record between a read and the write).
/// </summary>
internal sealed class EmailChangeWorld : IAsyncDisposable
{
    public const string OldEmail = Flow.MotherEmail;
    public const string NewEmail = "anna.kowalska@example.pl";

    private EmailChangeWorld(TestSchool school, IStudentRecordStore records)
    {
        School = school;
        var services = school.Services;
        Closure = new AccountClosure(school.Store, school.Store, school.Resolver, services.GetRequiredService<MailComposer>(), school.Time);
        Records = new StudentRecords(school.Store, records, Closure, school.Time);
        EmailChange = new GuardianEmailChange(Records, school.Store, records, Closure, school.Time);
    }

    public TestSchool School { get; }

    public IServiceProvider Services => School.Services;

    public InMemoryAccessStore Store => School.Store;

    public AccountClosure Closure { get; }

    /// <summary>Record changes that close the accounts of addresses they leave without a record.</summary>
    public StudentRecords Records { get; }

    public GuardianEmailChange EmailChange { get; }

    public static async Task<EmailChangeWorld> CreateAsync(Func<TestSchool, IStudentRecordStore>? records = null)
    {
        var school = await TestSchool.CreateAsync();
        return new EmailChangeWorld(school, records?.Invoke(school) ?? school.Store);
    }

    public static GuardianDetails Mother(string email = OldEmail, string? pesel = null) => TestSchool.Guardian("Anna", "Nowak", email, pesel);

    /// <summary>Ola Nowak, SP1 class 4A, with her mother.</summary>
    public Task<StudentRecord> AddOlaAsync(string? ownEmail = null) =>
        School.AddStudentAsync(TestSchool.Sp1, "4a", "Ola", "Nowak", TestSchool.Pesels[0], ownEmail, Mother());

    /// <summary>Piotr Nowak, SP1 class 1B, with his mother.</summary>
    public Task<StudentRecord> AddPiotrAsync(string? ownEmail = null) =>
        School.AddStudentAsync(TestSchool.Sp1, "1b", "Piotr", "Nowak", TestSchool.Pesels[1], ownEmail, Mother());

    /// <summary>Zosia Nowak, SP2 class 2C (a unit that requires guardians' PESEL), with her mother and her PESEL.</summary>
    public Task<StudentRecord> AddZosiaAsync() =>
        School.AddStudentAsync(TestSchool.Sp2, "2c", "Zosia", "Nowak", TestSchool.Pesels[2], null, Mother(pesel: TestSchool.Pesels[4]));

    public async Task<StudentRecord> ReadAsync(Guid studentId)
    {
        var record = await Store.FindStudentAsync(TestSchool.Symbol, studentId, Flow.None);
        Assert.NotNull(record);
        return record;
    }

    /// <summary>Takes every guardian off a record straight in the store, so no account is closed on the way.</summary>
    public async Task RemoveGuardiansBypassingClosureAsync(StudentRecord record)
    {
        var current = await ReadAsync(record.Id);
        var audit = new AuditEntry
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = TestSchool.Symbol,
            OccurredAt = School.Time.GetUtcNow(),
            Actor = TestSchool.SecretarySp1.Email,
            Action = AuditAction.GuardianRemoved,
            StudentId = record.Id,
        };
        Assert.Equal(StoreWriteResult.Success, await Store.UpdateStudentAsync(current with { Guardians = [], Version = current.Version + 1 }, current.Version, audit, Flow.None));
    }

    public async Task<Account> AccountAsync(string email = OldEmail) => await Services.AccountAsync(email);

    /// <summary>
    /// The address's holder as R9 finds them: an account set up by first login, a signed-in session, a registered
    /// device, a pairing ticket shown but not used, and a restore-access link mailed but not used.
    /// </summary>
    public async Task<SignedInHolder> SignedInHolderAsync(string email = OldEmail)
    {
        await Services.SetPasswordAsync(email);
        var ticket = await Services.SignInAsync(email);
        var account = await AccountAsync(email);
        var device = await RegisterDeviceAsync(account);
        var openTicket = await OpenPairingTicketAsync(account);
        var openLink = await Services.RequestTokenAsync(email);
        return new SignedInHolder(account, ticket, device, openTicket, openLink);
    }

    public async Task<MobileDevice> RegisterDeviceAsync(Account account)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return await School.InsertDeviceAsync(account, key.ExportSubjectPublicKeyInfo(), DeviceKeyAlgorithm.EcdsaP256);
    }

    public Task<PairingTicket> OpenPairingTicketAsync(Account account) => School.OpenPairingTicketAsync(account);

    /// <summary>Delivers the outbox and returns the mails of <paramref name="kind"/> sent to <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> MailsAsync(string to, MailKind kind)
    {
        await School.Dispatcher.DispatchPendingAsync();
        return [.. School.Mail.Sent.Where(m => m.To == to && m.Kind == kind)];
    }

    public Task<SessionValidation> ValidateAsync(string ticket) => Services.ValidateAsync(ticket);

    public ValueTask DisposeAsync() => School.DisposeAsync();
}

/// <summary>What <see cref="EmailChangeWorld.SignedInHolderAsync"/> set up.</summary>
internal sealed record SignedInHolder(Account Account, string SessionTicket, MobileDevice Device, PairingTicket OpenTicket, string OpenLinkToken);

/// <summary>
/// A record store that, before each of the next <see cref="Interferences"/> multi-record writes, lets someone else
/// change a record first (through the real store), so the write meets a version conflict.
/// </summary>
internal sealed class InterferingRecordStore(IStudentRecordStore inner, Func<Task> interfere) : IStudentRecordStore
{
    private int _writes;

    public int Interferences { get; set; }

    public int Writes => _writes;

    public async Task<StoreWriteResult> UpdateStudentsAsync(IReadOnlyList<StudentRecordUpdate> updates, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        if (Interferences > 0)
        {
            Interferences--;
            await interfere();
        }

        return await inner.UpdateStudentsAsync(updates, cancellationToken);
    }

    public Task<StudentRecord?> FindStudentAsync(string symbol, Guid studentId, CancellationToken cancellationToken) => inner.FindStudentAsync(symbol, studentId, cancellationToken);

    public Task<IReadOnlyList<StudentRecord>> ListStudentsAsync(string symbol, string unitCode, string? className, CancellationToken cancellationToken) => inner.ListStudentsAsync(symbol, unitCode, className, cancellationToken);

    public Task<IReadOnlyList<StudentRecord>> FindStudentsByEmailAsync(string symbol, string email, CancellationToken cancellationToken) => inner.FindStudentsByEmailAsync(symbol, email, cancellationToken);

    public Task<IReadOnlyList<StudentRecord>> FindStudentsByPeselAsync(string symbol, string unitCode, string pesel, CancellationToken cancellationToken) => inner.FindStudentsByPeselAsync(symbol, unitCode, pesel, cancellationToken);

    public Task<IReadOnlyList<string>> FindInstancesByEmailAsync(string email, CancellationToken cancellationToken) => inner.FindInstancesByEmailAsync(email, cancellationToken);

    public Task<StoreWriteResult> InsertStudentAsync(StudentRecord record, AuditEntry audit, CancellationToken cancellationToken) => inner.InsertStudentAsync(record, audit, cancellationToken);

    public Task<StoreWriteResult> UpdateStudentAsync(StudentRecord record, long expectedVersion, AuditEntry audit, CancellationToken cancellationToken) => inner.UpdateStudentAsync(record, expectedVersion, audit, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string symbol, Guid? studentId, int limit, CancellationToken cancellationToken) => inner.ListAuditAsync(symbol, studentId, limit, cancellationToken);
}
