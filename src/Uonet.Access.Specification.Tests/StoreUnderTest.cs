using Uonet.Access.Storage;

namespace Uonet.Access.Specification.Tests;

/// <summary>The store contracts of one implementation, handed to the specification suite.</summary>
/// <param name="Directory">The instance, unit and staff store.</param>
/// <param name="Records">The record and audit store.</param>
/// <param name="Credentials">The account, link token, session, attempt counter and account link store.</param>
/// <param name="Outbox">The outbox of mail, which must see the mail the credential and device stores queue.</param>
/// <param name="Devices">The pairing ticket, device and replay cache store, which must see the accounts of <paramref name="Credentials"/>.</param>
/// <param name="Maintenance">The maintenance window store.</param>
/// <param name="ImportRuns">The store of CSV import runs.</param>
public sealed record StoreUnderTest(
    ISchoolDirectoryStore Directory,
    IStudentRecordStore Records,
    ICredentialStore Credentials,
    IOutboxStore Outbox,
    IDeviceStore Devices,
    IMaintenanceStore Maintenance,
    IImportRunStore ImportRuns);
