using System.CommandLine;
using Uonet.Access.Records;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Records;

/// <summary><c>student add|update</c> and <c>guardian add</c>: the pupils' records (R1, R2), entered as a staff member.</summary>
internal static class StudentCommands
{
    private static readonly Dictionary<string, GuardianRelation> Relations = new(StringComparer.Ordinal)
    {
        ["mother"] = GuardianRelation.Mother,
        ["father"] = GuardianRelation.Father,
        ["legal-guardian"] = GuardianRelation.LegalGuardian,
        ["other"] = GuardianRelation.Other,
    };

    public static Command Student() => new("student", "Pupils' records (kartoteka ucznia).") { AddStudent(), UpdateStudent() };

    public static Command Guardian() => new("guardian", "Guardians listed in a pupil's record.") { AddGuardian() };

    private static Command AddStudent()
    {
        var symbol = CommonArguments.Symbol();
        var unitCode = CommonArguments.UnitCode();
        var staff = CommonArguments.Staff();
        var first = new Option<string>("--first") { Description = "First name.", Required = true };
        var last = new Option<string>("--last") { Description = "Last name.", Required = true };
        var fields = new RecordFields();
        var command = new Command("add", "Adds a pupil's record (the unit's secretary does).") { symbol, unitCode, staff, first, last };
        fields.AddTo(command);
        return command.Does(async (context, cancellationToken) =>
        {
            var added = await context.Get<StudentRecords>().AddStudentAsync(CommonArguments.Actor(context.Value(symbol), context.Value(staff)!), new NewStudent
            {
                UnitCode = context.Value(unitCode),
                ClassName = context.Value(fields.ClassName) ?? string.Empty,
                FirstName = context.Value(first)!,
                LastName = context.Value(last)!,
                Pesel = context.Value(fields.Pesel),
                Email = context.Value(fields.Email),
            }, cancellationToken);
            return Print(context.Output, added, "Dodano kartotekę", "Added the record of", "Додано картку учня");
        });
    }

    private static Command UpdateStudent()
    {
        var symbol = CommonArguments.Symbol();
        var studentId = new Argument<Guid>("student-id") { Description = "The record's id (printed by student add)." };
        var staff = CommonArguments.Staff();
        var first = new Option<string>("--first") { Description = "New first name." };
        var last = new Option<string>("--last") { Description = "New last name." };
        var expectedVersion = new Option<long?>("--expected-version") { Description = "Refuse the change if the record changed since this version (Record.ConcurrencyConflict)." };
        var fields = new RecordFields();
        var command = new Command("update", "Changes a pupil's record: only the options given (the secretary, or the class teacher for their class).") { symbol, studentId, staff, first, last, expectedVersion };
        fields.AddTo(command);
        return command.Does(async (context, cancellationToken) =>
        {
            var changes = new StudentChanges
            {
                FirstName = context.Value(first),
                LastName = context.Value(last),
                Pesel = context.Value(fields.Pesel),
                Email = context.Value(fields.Email),
                ClassName = context.Value(fields.ClassName),
            };
            var updated = await context.Get<StudentRecords>().UpdateStudentAsync(
                CommonArguments.Actor(context.Value(symbol), context.Value(staff)!), context.Value(studentId), changes, context.Value(expectedVersion), cancellationToken);
            return Print(context.Output, updated, "Zmieniono kartotekę", "Changed the record of", "Змінено картку учня");
        });
    }

    private static Command AddGuardian()
    {
        var symbol = CommonArguments.Symbol();
        var studentId = new Argument<Guid>("student-id") { Description = "The pupil's record id." };
        var staff = CommonArguments.Staff();
        var first = new Option<string>("--first") { Description = "First name.", Required = true };
        var last = new Option<string>("--last") { Description = "Last name.", Required = true };
        var email = new Option<string>("--email") { Description = "The guardian's e-mail: their login, different from the pupil's (R2)." };
        var pesel = new Option<string>("--pesel") { Description = "The guardian's PESEL (required for sign-in where the unit asks for it)." };
        var relation = new Option<string>("--relation") { Description = "mother, father, legal-guardian or other (default)." };
        relation.AcceptOnlyFromAmong([.. Relations.Keys]);
        return new Command("add", "Lists a guardian in a pupil's record.") { symbol, studentId, staff, first, last, email, pesel, relation }.Does(async (context, cancellationToken) =>
        {
            var student = context.Value(studentId);
            var added = await context.Get<StudentRecords>().AddGuardianAsync(CommonArguments.Actor(context.Value(symbol), context.Value(staff)!), student, new GuardianDetails
            {
                FirstName = context.Value(first),
                LastName = context.Value(last),
                Email = context.Value(email),
                Pesel = context.Value(pesel),
                Relation = Relations[context.Value(relation) ?? "other"],
            }, cancellationToken);
            if (!added.Succeeded)
            {
                return context.Output.Refused(added);
            }

            var guardian = added.Value;
            return context.Output.Done(
                new { guardianId = guardian.Id, studentId = student, firstName = guardian.FirstName, lastName = guardian.LastName, email = guardian.Email, relation = RelationName(guardian.Relation) },
                text => text.WriteLine(context.Output.Say($"Dodano rodzica/opiekuna {guardian.FullName} <{guardian.Email}>: {guardian.Id}", $"Added guardian {guardian.FullName} <{guardian.Email}>: {guardian.Id}", $"Додано опікуна {guardian.FullName} <{guardian.Email}>: {guardian.Id}")));
        });
    }

    private static int Print(CommandOutput output, AccessResult<StudentRecord> result, string polish, string english, string ukrainian)
    {
        if (!result.Succeeded)
        {
            return output.Refused(result);
        }

        var record = result.Value;
        return output.Done(
            new
            {
                studentId = record.Id,
                symbol = record.InstanceSymbol,
                unit = record.UnitCode,
                @class = record.ClassName,
                firstName = record.FirstName,
                lastName = record.LastName,
                hasPesel = record.Pesel is not null,
                email = record.Email,
                version = record.Version,
                guardians = record.Guardians.Select(g => new { guardianId = g.Id, firstName = g.FirstName, lastName = g.LastName, email = g.Email, relation = RelationName(g.Relation) }),
            },
            text => text.WriteLine(output.Say($"{polish} {record.FullName} ({record.UnitCode}, klasa {record.ClassName}): {record.Id}", $"{english} {record.FullName} ({record.UnitCode}, class {record.ClassName}): {record.Id}", $"{ukrainian} {record.FullName} ({record.UnitCode}, клас {record.ClassName}): {record.Id}")));
    }

    private static string RelationName(GuardianRelation relation) => Relations.First(r => r.Value == relation).Key;

    /// <summary>The optional fields a record is added or changed with.</summary>
    private sealed class RecordFields
    {
        public Option<string> Pesel { get; } = new("--pesel") { Description = "The pupil's PESEL (11 digits; needed to sign in, R1)." };

        public Option<string> Email { get; } = new("--email") { Description = "The pupil's own e-mail (their login, R1)." };

        public Option<string> ClassName { get; } = new("--class") { Description = "The class, e.g. 4A." };

        public void AddTo(Command command)
        {
            command.Add(Pesel);
            command.Add(Email);
            command.Add(ClassName);
        }
    }
}
