using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;

namespace Uonet.Access.Privacy;

/// <summary>
/// What the system holds about an account holder (RODO art. 15): the account, its sessions, devices, security events,
/// linked instances and the records that list the holder's address. It holds no secret (no password hash, security
/// stamp, second-factor secret or recovery code) and nothing of other people but the name, school and class of the
/// pupils whose records list the holder. Serialise it with <see cref="PersonalDataExport.JsonOptions"/>.
/// </summary>
public sealed record PersonalDataDocument
{
    /// <summary>When the document was put together.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The account.</summary>
    public required PersonalAccountData Account { get; init; }

    /// <summary>The active sessions, newest first.</summary>
    public required IReadOnlyList<SessionSummary> Sessions { get; init; }

    /// <summary>The paired mobile devices, unregistered ones included.</summary>
    public required IReadOnlyList<DeviceSummary> Devices { get; init; }

    /// <summary>Every stored security event of the account, newest first.</summary>
    public required IReadOnlyList<SecurityEvent> SecurityEvents { get; init; }

    /// <summary>The instances whose account of the same address is linked to this one (cross-instance view).</summary>
    public required IReadOnlyList<PersonalLinkedInstance> LinkedInstances { get; init; }

    /// <summary>The pupils' records in the account's instance that list the holder's address, as pupil or as guardian.</summary>
    public required IReadOnlyList<PersonalRecordData> Records { get; init; }
}

/// <summary>The account part of a <see cref="PersonalDataDocument"/>: what the login is, never how it is secured.</summary>
public sealed record PersonalAccountData
{
    /// <summary>The account's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The instance of the account (R6).</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The login e-mail (R3).</summary>
    public required string Email { get; init; }

    /// <summary>Whether the account may sign in.</summary>
    public required AccountStatus Status { get; init; }

    /// <summary>When the account was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the password was last set.</summary>
    public required DateTimeOffset PasswordChangedAt { get; init; }

    /// <summary>Whether two-step sign-in (TOTP) is on.</summary>
    public required bool TwoStepSignIn { get; init; }
}

/// <summary>A linked instance in a <see cref="PersonalDataDocument"/>.</summary>
/// <param name="Symbol">The instance's symbol.</param>
/// <param name="Name">Its name, or <see langword="null"/> when the instance is gone from the directory.</param>
public sealed record PersonalLinkedInstance(string Symbol, string? Name);

/// <summary>
/// A record that lists the holder's address: the pupil's name, school and class, and only the holder's own fields in
/// it (<see cref="AsPupil"/> when it is the holder's own record, <see cref="AsGuardian"/> for their guardian entries).
/// </summary>
public sealed record PersonalRecordData
{
    /// <summary>The record's id.</summary>
    public required Guid StudentId { get; init; }

    /// <summary>The pupil's first name.</summary>
    public required string PupilFirstName { get; init; }

    /// <summary>The pupil's last name.</summary>
    public required string PupilLastName { get; init; }

    /// <summary>The code of the pupil's school.</summary>
    public required string UnitCode { get; init; }

    /// <summary>The name of the pupil's school, or <see langword="null"/> when the unit is gone from the directory.</summary>
    public string? UnitName { get; init; }

    /// <summary>The pupil's class.</summary>
    public required string ClassName { get; init; }

    /// <summary>The holder's own fields when the record is theirs (R1), else <see langword="null"/>.</summary>
    public PersonalPupilData? AsPupil { get; init; }

    /// <summary>The holder's own guardian entries in the record (R2); empty when they are not listed as a guardian.</summary>
    public IReadOnlyList<PersonalGuardianData> AsGuardian { get; init; } = [];
}

/// <summary>The holder's own record fields (R1).</summary>
public sealed record PersonalPupilData
{
    /// <summary>First name.</summary>
    public required string FirstName { get; init; }

    /// <summary>Last name.</summary>
    public required string LastName { get; init; }

    /// <summary>PESEL, or <see langword="null"/> when not entered.</summary>
    public string? Pesel { get; init; }

    /// <summary>The e-mail in the record.</summary>
    public string? Email { get; init; }

    /// <summary>When the record was entered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the record last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The holder's own guardian entry in a pupil's record (R2).</summary>
public sealed record PersonalGuardianData
{
    /// <summary>The entry's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>First name, or <see langword="null"/>.</summary>
    public string? FirstName { get; init; }

    /// <summary>Last name, or <see langword="null"/>.</summary>
    public string? LastName { get; init; }

    /// <summary>The e-mail in the entry.</summary>
    public string? Email { get; init; }

    /// <summary>PESEL, or <see langword="null"/>.</summary>
    public string? Pesel { get; init; }

    /// <summary>How the holder is related to the pupil.</summary>
    public required GuardianRelation Relation { get; init; }
}
