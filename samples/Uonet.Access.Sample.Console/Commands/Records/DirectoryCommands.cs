using System.CommandLine;
using Uonet.Access.Records;
using Uonet.Access.Sample.Console.Hosting;

namespace Uonet.Access.Sample.Console.Commands.Records;

/// <summary><c>instance add</c>, <c>unit add</c>, <c>staff add</c>: the school directory the records live in.</summary>
internal static class DirectoryCommands
{
    private static readonly Dictionary<string, StaffRole> Roles = new(StringComparer.Ordinal)
    {
        ["secretary"] = StaffRole.Secretary,
        ["class-teacher"] = StaffRole.ClassTeacher,
        ["administrator"] = StaffRole.Administrator,
    };

    /// <summary>The unit-code argument of <c>staff add</c> for an administrator, whose role covers the whole instance.</summary>
    private const string WholeInstance = "-";

    public static Command Instance() => new("instance", "System addresses (instances): each has its own accounts (R6).") { AddInstance() };

    public static Command Unit() => new("unit", "Units (schools) of an instance.") { AddUnit() };

    public static Command Staff() => new("staff", "Staff: secretaries, class teachers, administrators.") { AddStaff() };

    private static Command AddInstance()
    {
        var symbol = CommonArguments.Symbol();
        var name = new Option<string>("--name") { Description = "The instance's display name.", Required = true };
        var baseUrl = new Option<string>("--base-url")
        {
            Description = "The site address, e.g. https://uonet.example.pl/gminawulkanowo/: mail links and the pairing code's API address start here.",
            HelpName = "url",
            Required = true,
        };
        return new Command("add", "Adds an instance.") { symbol, name, baseUrl }.Does(async (context, cancellationToken) =>
        {
            var added = await context.Get<SchoolDirectory>().AddInstanceAsync(context.Value(symbol), context.Value(name)!, context.Value(baseUrl)!, cancellationToken);
            if (!added.Succeeded)
            {
                return context.Output.Refused(added);
            }

            var instance = added.Value;
            return context.Output.Done(
                new { symbol = instance.Symbol, name = instance.Name, baseUrl = instance.BaseUrl },
                text => text.WriteLine(context.Output.Say($"Dodano adres /{instance.Symbol}/ ({instance.Name}), witryna {instance.BaseUrl}", $"Added /{instance.Symbol}/ ({instance.Name}), site {instance.BaseUrl}", $"Додано адресу /{instance.Symbol}/ ({instance.Name}), сайт {instance.BaseUrl}")));
        });
    }

    private static Command AddUnit()
    {
        var symbol = CommonArguments.Symbol();
        var unitCode = CommonArguments.UnitCode();
        var name = new Option<string>("--name") { Description = "The school's name.", Required = true };
        var requirePesel = new Option<bool>("--require-guardian-pesel") { Description = "Guardians sign in only with a PESEL in the record (R2, a per-school setting)." };
        return new Command("add", "Adds a unit (school) to an instance.") { symbol, unitCode, name, requirePesel }.Does(async (context, cancellationToken) =>
        {
            var added = await context.Get<SchoolDirectory>().AddUnitAsync(context.Value(symbol), context.Value(unitCode), context.Value(name)!, context.Value(requirePesel), cancellationToken);
            if (!added.Succeeded)
            {
                return context.Output.Refused(added);
            }

            var unit = added.Value;
            return context.Output.Done(
                new { symbol = unit.InstanceSymbol, unit = unit.Code, name = unit.Name, requireGuardianPesel = unit.RequireGuardianPesel },
                text => text.WriteLine(context.Output.Say($"Dodano szkołę {unit.Code} ({unit.Name}) pod adresem /{unit.InstanceSymbol}/", $"Added school {unit.Code} ({unit.Name}) at /{unit.InstanceSymbol}/", $"Додано школу {unit.Code} ({unit.Name}) за адресою /{unit.InstanceSymbol}/")));
        });
    }

    private static Command AddStaff()
    {
        var symbol = CommonArguments.Symbol();
        var unitCode = new Argument<string>("unit-code") { Description = $"The unit of a secretary or class teacher; '{WholeInstance}' for an administrator (the whole instance)." };
        var email = new Argument<string>("email") { Description = "The staff member's e-mail (their login)." };
        var role = new Option<string>("--role") { Description = "secretary, class-teacher or administrator.", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.Keys]);
        var className = new Option<string>("--class") { Description = "The class of a class teacher, e.g. 4A." };
        var name = new Option<string>("--name") { Description = "The name shown to others (default: the e-mail)." };
        return new Command("add", "Gives a staff member a role (adding the member when new).") { symbol, unitCode, email, role, className, name }.Does(async (context, cancellationToken) =>
        {
            var unit = context.Value(unitCode);
            var assignment = new StaffAssignment(Roles[context.Value(role)!], unit == WholeInstance ? null : unit, context.Value(className));
            var address = context.Value(email);
            var added = await context.Get<SchoolDirectory>().AssignStaffAsync(context.Value(symbol), address, context.Value(name) ?? address, assignment, cancellationToken);
            if (!added.Succeeded)
            {
                return context.Output.Refused(added);
            }

            var member = added.Value;
            var roles = member.Assignments.Select(a => new { role = Roles.First(r => r.Value == a.Role).Key, unit = a.UnitCode, @class = a.ClassName }).ToList();
            return context.Output.Done(
                new { symbol = member.InstanceSymbol, email = member.Email, name = member.DisplayName, roles },
                text => text.WriteLine($"{member.DisplayName} <{member.Email}>: " + string.Join(", ", roles.Select(r => string.Join(' ', new[] { r.role, r.unit, r.@class }.Where(part => part is not null))))));
        });
    }
}
