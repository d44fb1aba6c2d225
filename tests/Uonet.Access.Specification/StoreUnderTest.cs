using Uonet.Access.Storage;

namespace Uonet.Access.Specification;

/// <summary>The store contracts of one implementation, handed to the specification suite.</summary>
/// <param name="Directory">The instance, unit and staff store.</param>
/// <param name="Records">The record and audit store.</param>
public sealed record StoreUnderTest(ISchoolDirectoryStore Directory, IStudentRecordStore Records);
