namespace Uonet.Access;

/// <summary>Options of the library, set in <c>services.AddUonetAccess(options =&gt; …)</c> and validated at start-up.</summary>
public sealed class UonetAccessOptions
{
    /// <summary>Options of the login diagnosis.</summary>
    public DiagnosisOptions Diagnosis { get; } = new();

    /// <summary>Options of the CSV import of records.</summary>
    public ImportOptions Import { get; } = new();
}

/// <summary>Options of the login diagnosis for staff.</summary>
public sealed class DiagnosisOptions
{
    /// <summary>
    /// Whether the diagnosis names other instances whose records mention the address (R6). Default <see langword="true"/>:
    /// telling a parent which address their child's school uses is the most common fix. Platforms whose instances
    /// belong to unrelated operators may turn it off; the finding then says only that the address is unknown here.
    /// </summary>
    public bool RevealOtherInstances { get; set; } = true;
}

/// <summary>Options of the CSV import of records.</summary>
public sealed class ImportOptions
{
    /// <summary>The most data rows one import accepts. Default 10,000 (a large school's whole roll); at most 1,000,000.</summary>
    public int MaxRows { get; set; } = 10_000;
}
