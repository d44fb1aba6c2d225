using Uonet.Access.Records;

namespace Uonet.Access.Storage;

/// <summary>
/// Stores pupils' records and their audit trail. Each write carries its audit entry and must store both or
/// neither. Look-ups by e-mail must use an index (student e-mail and guardian e-mail per instance):
/// resolution runs on every request and may not scan all records.
/// </summary>
public interface IStudentRecordStore
{
    /// <summary>Finds a record by id within an instance.</summary>
    Task<StudentRecord?> FindStudentAsync(string symbol, Guid studentId, CancellationToken cancellationToken);

    /// <summary>Lists the records of a unit, or of one class of it, ordered ordinally by class, last name, first name, id.</summary>
    Task<IReadOnlyList<StudentRecord>> ListStudentsAsync(string symbol, string unitCode, string? className, CancellationToken cancellationToken);

    /// <summary>
    /// Every record of the instance whose own e-mail, or one of whose guardians' e-mails, equals
    /// <paramref name="email"/> (normalized). The order is unspecified.
    /// </summary>
    Task<IReadOnlyList<StudentRecord>> FindStudentsByEmailAsync(string symbol, string email, CancellationToken cancellationToken);

    /// <summary>Records of a unit holding this PESEL as the pupil's own.</summary>
    Task<IReadOnlyList<StudentRecord>> FindStudentsByPeselAsync(string symbol, string unitCode, string pesel, CancellationToken cancellationToken);

    /// <summary>The symbols of every instance where some record mentions the normalized e-mail, ordered.</summary>
    Task<IReadOnlyList<string>> FindInstancesByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>Inserts a record and its audit entry atomically; <see cref="StoreWriteResult.Duplicate"/> when the id exists.</summary>
    Task<StoreWriteResult> InsertStudentAsync(StudentRecord record, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a record and appends its audit entry atomically, when the stored version equals
    /// <paramref name="expectedVersion"/>; otherwise writes nothing and answers
    /// <see cref="StoreWriteResult.Conflict"/> (or <see cref="StoreWriteResult.NotFound"/>).
    /// </summary>
    Task<StoreWriteResult> UpdateStudentAsync(StudentRecord record, long expectedVersion, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The audit trail of an instance (or of one record), newest <see cref="AuditEntry.OccurredAt"/> first (entries of the same moment: the later written first), at most <paramref name="limit"/> entries.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string symbol, Guid? studentId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces several records and appends their audit entries in one atomic unit, when every stored version equals
    /// its expected version; otherwise writes nothing and answers <see cref="StoreWriteResult.Conflict"/> (or
    /// <see cref="StoreWriteResult.NotFound"/> when a record is missing). A batch that names one record twice answers
    /// <see cref="StoreWriteResult.Conflict"/>.
    /// </summary>
    Task<StoreWriteResult> UpdateStudentsAsync(IReadOnlyList<StudentRecordUpdate> updates, CancellationToken cancellationToken);
}

/// <summary>One record of a multi-record update.</summary>
/// <param name="Record">The new record (carrying the next version).</param>
/// <param name="ExpectedVersion">The version the change was computed from.</param>
/// <param name="Audit">The audit entry of the change.</param>
public sealed record StudentRecordUpdate(StudentRecord Record, long ExpectedVersion, AuditEntry Audit);
