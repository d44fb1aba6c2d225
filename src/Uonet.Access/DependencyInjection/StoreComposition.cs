using Uonet.Access.Storage;

namespace Uonet.Access.DependencyInjection;

/// <summary>
/// Checks the stores a host chose per contract: every contract present, and the contracts whose writes are atomic
/// together given one store, since a transaction cannot span two. Types stand for stores: the builder registers one
/// instance per store type and hands it to every contract registered with that type.
/// </summary>
internal static class StoreComposition
{
    private static readonly (Type Contract, string What, string Method)[] Required =
    [
        (typeof(ISchoolDirectoryStore), "instances, units and staff", "UseSchoolDirectoryStore"),
        (typeof(IStudentRecordStore), "pupils' records and their audit trail", "UseStudentRecordStore"),
        (typeof(ICredentialStore), "accounts, link tokens, sessions, attempt counters and security events", "UseCredentialStore"),
        (typeof(IOutboxStore), "the outbox of mail", "UseOutboxStore"),
        (typeof(IDeviceStore), "pairing tickets, devices and the replay cache", "UseDeviceStore"),
        (typeof(IMaintenanceStore), "maintenance windows", "UseMaintenanceStore"),
        (typeof(IImportRunStore), "runs of the CSV import", "UseImportRunStore"),
    ];

    private static readonly (Type Contract, Type SameAs, string Why)[] SharedWith =
    [
        (typeof(IOutboxStore), typeof(ICredentialStore),
            "the credential store queues its mail (a first-login link, a password-set notice, a closure notice) in the transaction of the change it announces"),
        (typeof(IDeviceStore), typeof(ICredentialStore),
            "a device is registered for an account the store must see, and closing an account revokes its devices and closes its pairing tickets in one transaction"),
        (typeof(IStudentRecordStore), typeof(ISchoolDirectoryStore),
            "a record is written only into a unit the same store holds, checked in the record's transaction"),
        (typeof(IRetentionStore), typeof(ICredentialStore),
            "the retention job deletes spent link tokens, sessions, attempts, devices, mail and security events of that store"),
        (typeof(IRetentionStore), typeof(IStudentRecordStore),
            "the retention job deletes old audit entries of the record store"),
    ];

    /// <summary>Every problem with the chosen stores, in words that say how to fix it; empty when there is none.</summary>
    public static IEnumerable<string> Check(IReadOnlyCollection<StoreRegistration> registrations)
    {
        if (registrations.Count == 0)
        {
            yield return UonetAccessOptionsValidator.MissingStoreMessage;
            yield break;
        }

        var chosen = registrations.GroupBy(r => r.Contract).ToDictionary(g => g.Key, g => g.Last().StoreType);
        foreach (var (contract, what, method) in Required)
        {
            if (!chosen.ContainsKey(contract))
            {
                yield return $"Uonet.Access has no store for {contract.Name} ({what}). Register one with .{method}<TStore>(), " +
                    "or one store for everything: .UseSqlite(...), .UsePostgreSql(...), .UseStore<TStore>() or .UseInMemoryStore().";
            }
        }

        foreach (var (contract, sameAs, why) in SharedWith)
        {
            if (chosen.TryGetValue(contract, out var store) && chosen.TryGetValue(sameAs, out var other) && store != other)
            {
                yield return $"Uonet.Access: {contract.Name} comes from {store.Name} but {sameAs.Name} from {other.Name}, and they must be one store: {why}. " +
                    $"Register the same type for both (.{MethodOf(sameAs)}<{other.Name}>().{MethodOf(contract)}<{other.Name}>()) or one store for everything (.UseStore<TStore>()).";
            }
        }

        // A store that reads a request's snapshot in one round trip reads the records, units and staff itself: those
        // must then be its own, or a page would be decided on data the record store does not hold.
        foreach (var reader in new[] { typeof(ICredentialStore), typeof(IDeviceStore) })
        {
            if (chosen.TryGetValue(reader, out var store) && typeof(IRequestSnapshotStore).IsAssignableFrom(store))
            {
                foreach (var read in new[] { typeof(IStudentRecordStore), typeof(ISchoolDirectoryStore) })
                {
                    if (chosen.TryGetValue(read, out var other) && other != store)
                    {
                        yield return $"Uonet.Access: {reader.Name} comes from {store.Name}, which reads request snapshots ({nameof(IRequestSnapshotStore)}) over its own records, units and staff, " +
                            $"but {read.Name} comes from {other.Name}. Register {store.Name} for {read.Name} too (.{MethodOf(read)}<{store.Name}>()), or use a credential and device store without snapshots.";
                    }
                }
            }
        }
    }

    private static string MethodOf(Type contract) =>
        contract == typeof(IRetentionStore) ? "UseRetentionStore" : Required.Single(r => r.Contract == contract).Method;
}
