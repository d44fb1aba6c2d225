using System.CommandLine;
using System.Text.Json;
using Uonet.Access.Privacy;
using Uonet.Access.Sample.Console.Hosting;

namespace Uonet.Access.Sample.Console.Commands.Access;

/// <summary>
/// <c>export</c> and <c>record export</c>: the right of access (RODO art. 15). The holder downloads what is held about
/// them; the unit's secretary exports a pupil's record with its whole history. Both print the library's document as it
/// is, so a script gets the same JSON the portal hands out.
/// </summary>
internal static class ExportCommands
{
    public static Command Export()
    {
        var session = CommonArguments.Session();
        return new Command("export", "Prints what the system holds about the signed-in account holder (RODO art. 15): account, sessions, devices, security events, linked instances and the records that list the address, with only the holder's own fields in them.") { session }.Does(async (context, cancellationToken) =>
        {
            var exported = await context.Get<PersonalDataExport>().ExportAsync(context.Session(session), cancellationToken);
            return exported.Succeeded
                ? Print(context, exported.Value)
                : context.Output.Refused(AccessResult.Failure(exported.Errors));
        });
    }

    public static Command Record()
    {
        var symbol = CommonArguments.Symbol();
        var studentId = new Argument<Guid>("student-id") { Description = "The pupil's record id." };
        var staff = CommonArguments.Staff();
        var export = new Command("export", "Prints one pupil's record with its whole change history and who made each change (the unit's secretary only).") { symbol, studentId, staff }.Does(async (context, cancellationToken) =>
        {
            var exported = await context.Get<PersonalDataExport>().ExportStudentRecordAsync(CommonArguments.Actor(context.Value(symbol), context.Value(staff)!), context.Value(studentId), cancellationToken);
            return exported.Succeeded
                ? Print(context, exported.Value)
                : context.Output.Refused(AccessResult.Failure(exported.Errors), new { studentId = context.Value(studentId) });
        });
        return new Command("record", "A pupil's record as a whole: export it.") { export };
    }

    // The document is JSON by nature: --json gets it as the one object on standard output, people get it indented.
    private static int Print<T>(ToolContext context, T document)
    {
        var node = JsonSerializer.SerializeToNode(document, PersonalDataExport.JsonOptions)!;
        return context.Output.Done(node, text => text.WriteLine(node.ToJsonString(PersonalDataExport.JsonOptions)));
    }
}
