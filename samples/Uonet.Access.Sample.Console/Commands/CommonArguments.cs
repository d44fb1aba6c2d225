using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands;

/// <summary>Arguments and options several commands share, each made fresh for the command that adds it.</summary>
internal static class CommonArguments
{
    public static Argument<string> Symbol() => new("symbol") { Description = "The instance symbol (the system address, e.g. gminawulkanowo)." };

    public static Argument<string> UnitCode() => new("unit-code") { Description = "The unit (school) code, e.g. SP1." };

    /// <summary>
    /// <c>--as</c>: the staff member the tool acts for. The tool trusts its operator to name themselves: whoever can run
    /// it can read the database anyway; the library still checks that this member's role allows the change.
    /// </summary>
    public static Option<string> Staff() => new("--as")
    {
        Description = "The staff member acting (their e-mail); the library checks their role and unit.",
        HelpName = "staff-email",
        Required = true,
    };

    public static Option<string> Session() => new("--session")
    {
        Description = "The session ticket printed by signin, or - to read it from standard input (out of sight of other users' process lists).",
        HelpName = "ticket",
        Required = true,
    };

    /// <summary>Adds the required <c>--password-stdin</c> flag: the parser does not enforce a required flag by itself.</summary>
    public static void RequirePasswordStdin(Command command)
    {
        var flag = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (the first line). Required: passwords are never arguments." };
        command.Add(flag);
        command.Validators.Add(result =>
        {
            if (result.GetResult(flag) is null)
            {
                result.AddError("Option '--password-stdin' is required: the password is read from standard input, never from an argument.");
            }
        });
    }

    /// <summary>An ISO 8601 time (e.g. 2026-09-01T18:00:00+02:00); a time without an offset is UTC.</summary>
    public static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "iso-time",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return time;
            }

            result.AddError($"{name}: '{text}' is not an ISO 8601 time such as 2026-09-01T18:00:00+02:00.");
            return null;
        },
    };

    public static StaffActor Actor(string symbol, string staffEmail) => new(symbol, staffEmail);
}

/// <summary>A pupil as every command prints it (and as the portal's mobile API sends it).</summary>
internal sealed record PupilView(Guid StudentId, string FirstName, string LastName, string Unit, string UnitName, string Class, string Instance, string Relation)
{
    public static PupilView From(VisiblePupil pupil) => new(
        pupil.StudentId, pupil.FirstName, pupil.LastName, pupil.UnitCode, pupil.UnitName, pupil.ClassName, pupil.InstanceSymbol,
        JsonNamingPolicy.CamelCase.ConvertName(pupil.Relation.ToString()));

    public static void WriteTable(TextWriter writer, CommandOutput output, IReadOnlyList<PupilView> pupils)
    {
        if (pupils.Count == 0)
        {
            writer.WriteLine(output.Say("(brak uczniów)", "(no pupils)", "(учнів немає)"));
            return;
        }

        TextTable.Write(writer,
            [output.Say("uczeń", "pupil", "учень"), output.Say("szkoła", "school", "школа"), output.Say("klasa", "class", "клас"), output.Say("adres", "instance", "адреса"), output.Say("relacja", "relation", "спорідненість"), "id"],
            [.. pupils.Select(p => new[] { $"{p.FirstName} {p.LastName}", $"{p.UnitName} ({p.Unit})", p.Class, p.Instance, p.Relation, p.StudentId.ToString() })]);
    }
}
