using Uonet.Access.Import;
using Uonet.Access.Properties.Tests.Schools;
using Uonet.Access.Records;

namespace Uonet.Access.Properties.Tests.Import;

/// <summary>
/// The secretary's CSV import (R1, R2) through the public API: a file of any shape gets a report or a refusal of the
/// whole file, never an exception; every data row is reported once, in order; what the report calls imported is in the
/// records, and nothing else is.
/// </summary>
public sealed class StudentRecordImportProperties : IAsyncLifetime
{
    // A fresh school every so many files keeps the in-memory store the size of a real school's.
    private const int FilesPerSchool = 2_000;

    private static readonly string[] FileCodes = [AccessErrorCodes.ImportHeaderInvalid, AccessErrorCodes.ImportUnclosedQuote, AccessErrorCodes.ImportTooManyRows];

    private static readonly string[][] Headers =
    [
        ["klasa", "imie", "nazwisko", "pesel", "email", "opiekun1_imie", "opiekun1_nazwisko", "opiekun1_email", "opiekun1_relacja"],
        ["Klasa", "Imię", "Nazwisko", "PESEL", "E-mail", "Opiekun1 Imię", "Opiekun1 Nazwisko", "Opiekun1 E-mail", "Opiekun1 PESEL", "Opiekun2 Nazwisko", "Opiekun2 Relacja"],
        ["class", "first_name", "last_name", "guardian1_email", "guardian1_relation"],
        ["oddział", "imie", "nazwisko"],
    ];

    private static readonly Gen<string> Values = Gen.Frequency(
        (6, Gen.Elements("4a", "1B", "Ola", "Jan", "Nowak", "Kowalska-Nowak", "80010112340", "15220123459", "8001011234", "rodzic@example.pl", "ola@example.pl", "zła@", "matka", "ojciec", "opiekun prawny", "babcia", string.Empty)),
        (1, CsvFiles.Field));

    private static readonly Gen<string> Files =
        from header in Gen.Elements(Headers)
        from delimiter in Gen.Elements(CsvFiles.Delimiters)
        from rows in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.ArrayOf(Values, header.Length), n))
        from newline in Gen.Elements("\r\n", "\n")
        select CsvFiles.File(string.Join(delimiter, header), rows.Select(row => CsvFiles.Record(row, delimiter, quoteAll: false)), newline);

    private School? _school;
    private int _files;
    private int _imported;

    public async Task InitializeAsync() => _school = await School.OpenAsync();

    public async Task DisposeAsync()
    {
        if (_school is not null)
        {
            await _school.DisposeAsync();
        }
    }

    [Property(MaxTest = Generated.Inputs)]
    public Property ImportAsync_AnyFile_ReportsEveryDataRowOnce_ImportedRowsAreRecords_R1() => Prop.ForAll(
        NearValid.NonNullInputs(Files),
        async csv =>
        {
            var school = await CurrentSchoolAsync();

            var result = await school.Get<StudentRecordImport>().ImportAsync(School.Secretary, School.Unit, new StringReader(csv));

            if (!result.Succeeded)
            {
                Expect.That(result.Errors is [var error] && FileCodes.Contains(error.Code), () => $"{Shown.Text(csv)}: {result}");
                return;
            }

            var report = result.Value;
            _imported += report.Imported;
            Expect.That(report.Imported + report.Refused == report.Rows.Count && report.Imported == report.Rows.Count(r => r.Succeeded), () => Shown.Text(csv));
            Expect.That(report.Rows.Select(r => r.RowNumber).Order().SequenceEqual(report.Rows.Select(r => r.RowNumber)) && report.Rows.Select(r => r.RowNumber).Distinct().Count() == report.Rows.Count, () => Shown.Text(csv));
            foreach (var row in report.Rows)
            {
                Expect.That(row.Succeeded == row.StudentId is not null, () => Shown.Text(csv));
                if (row.StudentId is { } id)
                {
                    Expect.That((await school.Get<StudentRecords>().FindStudentAsync(School.Secretary, id)).Succeeded, () => Shown.Text(csv));
                }
            }
        });

    // Before a school is replaced, its records must be exactly the rows its reports called imported.
    private async Task<School> CurrentSchoolAsync()
    {
        if (++_files % FilesPerSchool == 0)
        {
            var records = await _school!.Get<StudentRecords>().ListStudentsAsync(School.Secretary, School.Unit);
            Assert.Equal(_imported, records.Value.Count);
            await _school.DisposeAsync();
            _school = await School.OpenAsync();
            _imported = 0;
        }

        return _school!;
    }
}
