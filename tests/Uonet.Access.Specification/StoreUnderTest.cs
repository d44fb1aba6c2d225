using Uonet.Access.Storage;

namespace Uonet.Access.Specification;

/// <summary>The store contracts of one implementation, handed to the specification suite.</summary>
/// <param name="Directory">The instance, unit and staff store.</param>
/// <param name="Records">The record and audit store.</param>
/// <param name="Credentials">The account, link token, session and attempt counter store.</param>
/// <param name="Outbox">The outbox of mail, which must see the mail the credential store queues.</param>
public sealed record StoreUnderTest(ISchoolDirectoryStore Directory, IStudentRecordStore Records, ICredentialStore Credentials, IOutboxStore Outbox);
