using System.CommandLine;
using Uonet.Access.Import;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Records;

/// <summary>
/// <c>import</c>: a CSV file of pupils with guardians. Each row is kept or refused on its own, so a file with refused
/// rows still succeeds (exit 0, see <c>refused</c>); only a file refused as a whole (header, size) exits with 1. The
/// import is recorded as a run (<c>runId</c>) under the file's name, as the portal's import page lists them.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var symbol = CommonArguments.Symbol();
        var unitCode = CommonArguments.UnitCode();
        var file = new Argument<FileInfo>("csv-file") { Description = "UTF-8 CSV (; , or tab) with the columns of the library's README (klasa, imie, nazwisko, pesel, email, opiekun1_…)." };
        file.AcceptExistingOnly();
        var staff = CommonArguments.Staff();
        return new Command("import", "Imports pupils' records from a CSV file; prints counts and each refused row with its errors.") { symbol, unitCode, file, staff }.Does(async (context, cancellationToken) =>
        {
            var csv = context.Value(file);
            using var reader = csv.OpenText();
            var imported = await context.Get<StudentRecordImport>().ImportAsync(CommonArguments.Actor(context.Value(symbol), context.Value(staff)!), context.Value(unitCode), reader, csv.Name, cancellationToken);
            if (!imported.Succeeded)
            {
                return context.Output.Refused(imported);
            }

            var report = imported.Value;
            var rows = report.Rows.Select(row => new
            {
                row = row.RowNumber,
                studentId = row.StudentId,
                errors = row.Errors.Select(error => ErrorView.From(error, context.Output.Culture)).ToList(),
            }).ToList();
            return context.Output.Done(new { imported = report.Imported, refused = report.Refused, rows, runId = report.RunId }, text =>
            {
                text.WriteLine(context.Output.Say($"Zaimportowano: {report.Imported}, odrzucono: {report.Refused}", $"Imported: {report.Imported}, refused: {report.Refused}", $"Імпортовано: {report.Imported}, відхилено: {report.Refused}"));
                foreach (var row in rows.Where(row => row.errors.Count > 0))
                {
                    foreach (var error in row.errors)
                    {
                        text.WriteLine(context.Output.Say($"  wiersz {row.row}: {error.Message} [{error.Code}]", $"  row {row.row}: {error.Message} [{error.Code}]", $"  рядок {row.row}: {error.Message} [{error.Code}]"));
                    }
                }
            });
        });
    }
}
