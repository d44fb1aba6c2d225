using Uonet.Access.Records;

namespace Uonet.Access.EntityFrameworkCore.Rows;

internal sealed class InstanceRow
{
    public required string Symbol { get; set; }

    public required string Name { get; set; }

    public required string BaseUrl { get; set; }

    public static InstanceRow From(SchoolInstance instance) => new() { Symbol = instance.Symbol, Name = instance.Name, BaseUrl = instance.BaseUrl.OriginalString };

    public SchoolInstance ToInstance() => new(Symbol, Name, new Uri(BaseUrl, UriKind.RelativeOrAbsolute));
}

internal sealed class UnitRow
{
    public required string InstanceSymbol { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public bool RequireGuardianPesel { get; set; }

    public static UnitRow From(SchoolUnit unit) => new()
    {
        InstanceSymbol = unit.InstanceSymbol,
        Code = unit.Code,
        Name = unit.Name,
        RequireGuardianPesel = unit.RequireGuardianPesel,
    };

    public SchoolUnit ToUnit() => new(InstanceSymbol, Code, Name, RequireGuardianPesel);
}

internal sealed class StaffRow
{
    public required string InstanceSymbol { get; set; }

    public required string Email { get; set; }

    public required string DisplayName { get; set; }

    public List<StaffAssignmentRow> Assignments { get; set; } = [];

    public StaffMember ToStaff() => new(
        InstanceSymbol,
        Email,
        DisplayName,
        [.. Assignments.OrderBy(a => a.Ordinal).Select(a => new StaffAssignment((StaffRole)a.Role, a.UnitCode, a.ClassName))]);
}

internal sealed class StaffAssignmentRow
{
    public required string InstanceSymbol { get; set; }

    public required string Email { get; set; }

    public int Ordinal { get; set; }

    public int Role { get; set; }

    public string? UnitCode { get; set; }

    public string? ClassName { get; set; }
}
