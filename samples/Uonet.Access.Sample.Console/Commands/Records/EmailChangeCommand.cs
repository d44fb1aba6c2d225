using System.CommandLine;
using Uonet.Access.Records;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Records;

/// <summary>
/// <c>email change</c> (R9): a guardian's address replaced in every record the staff member may edit, or with
/// <c>--preview</c> only listed. When the old address backs no record any more, its account closes and its devices are
/// revoked with the reason <c>EmailChanged</c>.
/// </summary>
internal static class EmailChangeCommand
{
    public static Command Create() => new("email", "Guardians' e-mail addresses.") { Change() };

    private static Command Change()
    {
        var symbol = CommonArguments.Symbol();
        var staff = CommonArguments.Staff();
        var from = new Option<string>("--from") { Description = "The guardian's old e-mail.", Required = true };
        var to = new Option<string>("--to") { Description = "The new e-mail.", Required = true };
        var preview = new Option<bool>("--preview") { Description = "Only list what would change and what others must change." };
        return new Command("change", "Changes a guardian's e-mail in every record you may edit (R9); lists the records others must change.") { symbol, staff, from, to, preview }.Does(async (context, cancellationToken) =>
        {
            var change = context.Get<GuardianEmailChange>();
            var actor = CommonArguments.Actor(context.Value(symbol), context.Value(staff)!);
            if (context.Value(preview))
            {
                var previewed = await change.PreviewAsync(actor, context.Value(from)!, context.Value(to)!, cancellationToken);
                return previewed.Succeeded
                    ? Print(context.Output, true, previewed.Value.OldEmail, previewed.Value.NewEmail, previewed.Value.Changed, previewed.Value.NotEditable, false)
                    : context.Output.Refused(previewed);
            }

            var applied = await change.ApplyAsync(actor, context.Value(from)!, context.Value(to)!, null, cancellationToken);
            return applied.Succeeded
                ? Print(context.Output, false, applied.Value.OldEmail, applied.Value.NewEmail, applied.Value.Changed, applied.Value.NotEditable, applied.Value.OldAccountClosed)
                : context.Output.Refused(applied);
        });
    }

    private static int Print(CommandOutput output, bool preview, string oldEmail, string newEmail, IReadOnlyList<EmailChangeRecord> changed, IReadOnlyList<EmailChangeRecord> notEditable, bool oldAccountClosed)
    {
        return output.Done(
            new { preview, from = oldEmail, to = newEmail, changed = changed.Select(View), notEditable = notEditable.Select(View), oldAccountClosed },
            text =>
            {
                text.WriteLine(preview
                    ? output.Say($"Podgląd zmiany {oldEmail} → {newEmail}", $"Preview of {oldEmail} → {newEmail}", $"Попередній перегляд зміни {oldEmail} → {newEmail}")
                    : output.Say($"Zmieniono {oldEmail} → {newEmail}", $"Changed {oldEmail} → {newEmail}", $"Змінено {oldEmail} → {newEmail}"));
                Table(text, output, preview ? output.Say("Do zmiany", "To change", "До зміни") : output.Say("Zmienione", "Changed", "Змінено"), changed);
                Table(text, output, output.Say("Muszą zmienić inni", "Others must change", "Мають змінити інші"), notEditable);
                if (oldAccountClosed)
                {
                    text.WriteLine(output.Say(
                        "Konto starego adresu zamknięto; jego urządzenia wyrejestrowano (EmailChanged) i trzeba je zarejestrować ponownie.",
                        "The old address's account was closed; its devices were unregistered (EmailChanged) and must be registered again.",
                        "Обліковий запис старої адреси закрито; реєстрацію його пристроїв скасовано (EmailChanged), і їх потрібно зареєструвати ще раз."));
                }
            });
    }

    private static object View(EmailChangeRecord record) => new
    {
        studentId = record.StudentId,
        pupil = record.PupilName,
        unit = record.UnitCode,
        unitName = record.UnitName,
        @class = record.ClassName,
        editableBy = record.EditableBy.Role,
    };

    private static void Table(TextWriter text, CommandOutput output, string title, IReadOnlyList<EmailChangeRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        text.WriteLine(title + ":");
        TextTable.Write(text,
            [output.Say("uczeń", "pupil", "учень"), output.Say("szkoła", "school", "школа"), output.Say("klasa", "class", "клас"), output.Say("kto zmienia", "who changes", "хто змінює"), "id"],
            [.. records.Select(r => new[] { r.PupilName, r.UnitName, r.ClassName, r.EditableBy.Describe(output.Culture), r.StudentId.ToString() })]);
    }
}
