using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Records;
using Uonet.Access.Sessions;

namespace Uonet.Access.Storage;

/// <summary>
/// An optional capability of a store: reads everything the check of one request needs — a session or a device, its
/// account, and the records, units and staff entry that decide what the account sees now (R5, R8) — in one round
/// trip. Every page view and every phone request pays for this read, so a store over a network database should
/// implement it; without it the library makes the same reads one by one. The store registered for
/// <see cref="ICredentialStore"/> is asked for session snapshots and the one registered for <see cref="IDeviceStore"/>
/// for device snapshots (as ASP.NET Core Identity asks its user store for capabilities).
/// </summary>
/// <remarks>
/// The answer must equal what <see cref="ISessionStore.FindSessionAsync"/>, <see cref="IAccountStore.FindAccountByIdAsync"/>,
/// <see cref="IStudentRecordStore.FindStudentsByEmailAsync"/>, <see cref="ISchoolDirectoryStore.ListUnitsAsync"/> and
/// <see cref="ISchoolDirectoryStore.FindStaffAsync"/> would answer for the account's instance and address; the
/// specification suite checks that it does.
/// </remarks>
public interface IRequestSnapshotStore
{
    /// <summary>
    /// The session with its account and, for the account's instance and address, the records mentioning the address,
    /// the instance's units and the staff entry; <see langword="null"/> when no session has this id.
    /// </summary>
    Task<SessionSnapshot?> ReadSessionSnapshotAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// The device with its account and, for the account's instance and address, the records mentioning the address and
    /// the instance's units (no staff entry: phones serve pupils and guardians); <see langword="null"/> when no device
    /// has this id.
    /// </summary>
    Task<DeviceSnapshot?> ReadDeviceSnapshotAsync(Guid deviceId, CancellationToken cancellationToken);

    /// <summary>
    /// For a normalized address in an instance: the records mentioning it, the instance's units and, when
    /// <paramref name="withStaff"/>, its staff entry — what resolution and sign-in read. The store registered for
    /// <see cref="IStudentRecordStore"/> is asked.
    /// </summary>
    Task<StandingSources> ReadStandingSourcesAsync(string symbol, string email, bool withStaff, CancellationToken cancellationToken);
}

/// <summary>What decides whom an address sees in an instance and whether it may sign in there.</summary>
/// <param name="Records">The records of the instance that mention the address (as the pupil's or a guardian's).</param>
/// <param name="Units">Every unit of the instance (read whether or not a record mentions the address: no enumeration by store work).</param>
/// <param name="Staff">The staff entry of the address in the instance, or <see langword="null"/> (always for a device).</param>
public sealed record StandingSources(IReadOnlyList<StudentRecord> Records, IReadOnlyList<SchoolUnit> Units, StaffMember? Staff)
{
    /// <summary>Nothing: the sources of an account that does not exist.</summary>
    public static StandingSources None { get; } = new([], [], null);
}

/// <summary>A session as one request's check needs it.</summary>
/// <param name="Session">The session.</param>
/// <param name="Account">Its account, or <see langword="null"/> when it is gone.</param>
/// <param name="Standing">The sources of the account's standing (<see cref="StandingSources.None"/> without an account).</param>
public sealed record SessionSnapshot(AccessSession Session, Account? Account, StandingSources Standing);

/// <summary>A registered device as one signed request's check needs it.</summary>
/// <param name="Device">The device.</param>
/// <param name="Account">Its account, or <see langword="null"/> when it is gone.</param>
/// <param name="Standing">The sources of the account's standing (<see cref="StandingSources.None"/> without an account).</param>
public sealed record DeviceSnapshot(MobileDevice Device, Account? Account, StandingSources Standing);
