using Uonet.Access.Records;

namespace Uonet.Access.Storage;

/// <summary>
/// Stores instances, units and staff. Symbols, unit codes and e-mails arrive normalized; an implementation
/// compares them ordinally. Every method is safe to call concurrently.
/// </summary>
public interface ISchoolDirectoryStore
{
    /// <summary>Finds an instance by normalized symbol.</summary>
    Task<SchoolInstance?> FindInstanceAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>Lists every instance, ordered by symbol.</summary>
    Task<IReadOnlyList<SchoolInstance>> ListInstancesAsync(CancellationToken cancellationToken);

    /// <summary>Adds an instance; <see cref="StoreWriteResult.Duplicate"/> when the symbol is taken.</summary>
    Task<StoreWriteResult> AddInstanceAsync(SchoolInstance instance, CancellationToken cancellationToken);

    /// <summary>Finds a unit by instance symbol and code (codes arrive upper-case and compare ordinally).</summary>
    Task<SchoolUnit?> FindUnitAsync(string symbol, string unitCode, CancellationToken cancellationToken);

    /// <summary>Lists the units of an instance, ordered by code.</summary>
    Task<IReadOnlyList<SchoolUnit>> ListUnitsAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>Adds a unit; <see cref="StoreWriteResult.Duplicate"/> when the code is taken in the instance.</summary>
    Task<StoreWriteResult> AddUnitAsync(SchoolUnit unit, CancellationToken cancellationToken);

    /// <summary>Replaces a unit's name and policy; <see cref="StoreWriteResult.NotFound"/> when it does not exist.</summary>
    Task<StoreWriteResult> UpdateUnitAsync(SchoolUnit unit, CancellationToken cancellationToken);

    /// <summary>Finds a staff member by instance and normalized e-mail.</summary>
    Task<StaffMember?> FindStaffAsync(string symbol, string email, CancellationToken cancellationToken);

    /// <summary>Adds or replaces a staff member (with all assignments) of an instance.</summary>
    Task SaveStaffAsync(StaffMember staff, CancellationToken cancellationToken);
}
