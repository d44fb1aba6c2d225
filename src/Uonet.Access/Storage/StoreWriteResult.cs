namespace Uonet.Access.Storage;

/// <summary>The outcome of a conditional write to a store.</summary>
public enum StoreWriteResult
{
    /// <summary>Written, together with everything the call carried (e.g. the audit entry).</summary>
    Success = 0,

    /// <summary>Nothing to update: the item does not exist. Nothing was written.</summary>
    NotFound = 1,

    /// <summary>The item changed since it was read (version mismatch). Nothing was written.</summary>
    Conflict = 2,

    /// <summary>An item with the same key already exists. Nothing was written.</summary>
    Duplicate = 3,
}
