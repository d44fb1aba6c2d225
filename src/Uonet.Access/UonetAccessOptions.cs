using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Maintenance;
using Uonet.Access.Retention;

namespace Uonet.Access;

/// <summary>Options of the library, set in <c>services.AddUonetAccess(options =&gt; …)</c> and validated at start-up.</summary>
public sealed class UonetAccessOptions
{
    /// <summary>Options of the login diagnosis.</summary>
    public DiagnosisOptions Diagnosis { get; } = new();

    /// <summary>Options of the CSV import of records.</summary>
    public ImportOptions Import { get; } = new();

    /// <summary>What passwords are refused (length, common passwords, personal data).</summary>
    public PasswordPolicyOptions PasswordPolicy { get; } = new();

    /// <summary>Argon2id parameters and the cap on concurrent hashes.</summary>
    public PasswordHashingOptions PasswordHashing { get; } = new();

    /// <summary>Mail and outbox options.</summary>
    public MailOptions Mail { get; } = new();

    /// <summary>First-login / restore-access links.</summary>
    public AccessLinkOptions AccessLinks { get; } = new();

    /// <summary>Sign-in lockout and throttling.</summary>
    public SignInOptions SignIn { get; } = new();

    /// <summary>Session tickets.</summary>
    public SessionOptions Sessions { get; } = new();

    /// <summary>Mobile pairing and signed device requests.</summary>
    public DeviceOptions Devices { get; } = new();

    /// <summary>Maintenance windows.</summary>
    public MaintenanceOptions Maintenance { get; } = new();

    /// <summary>How long what is no longer needed is kept (<see cref="RetentionRun"/>).</summary>
    public RetentionOptions Retention { get; } = new();

    /// <summary>
    /// Whether a guardian may link accounts of other instances to see all children after one sign-in (R6 forbids it in
    /// UONET+; here it is an opt-in). Default <see langword="false"/>.
    /// </summary>
    public bool EnableCrossInstanceView { get; set; }

    /// <summary>
    /// The host's environment name (<c>Development</c>, <c>Production</c>…). Default: the <c>DOTNET_ENVIRONMENT</c> or
    /// <c>ASPNETCORE_ENVIRONMENT</c> variable, else <c>Production</c>. Development-only pieces refuse to start elsewhere.
    /// </summary>
    public string EnvironmentName { get; set; } =
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
        ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
        ?? "Production";
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
