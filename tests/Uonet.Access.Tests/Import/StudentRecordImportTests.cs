using System.Text;
using Uonet.Access.Eligibility;
using Uonet.Access.Import;
using Uonet.Access.Records;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Import;

/// <summary>
/// The CSV format of a spreadsheet export: a header row naming the columns (Polish or English, any case, spaces,
/// underscores and diacritics ignored), the delimiter taken from the header, one pupil per row with guardians in
/// numbered column groups. Row numbers are those of the spreadsheet: the header is row 1.
/// </summary>
public sealed class StudentRecordImportTests
{
    private const string FullPolishHeader =
        "klasa;imie;nazwisko;pesel;email;opiekun1_imie;opiekun1_nazwisko;opiekun1_email;opiekun1_pesel;opiekun1_relacja;" +
        "opiekun2_imie;opiekun2_nazwisko;opiekun2_email;opiekun2_pesel;opiekun2_relacja";

    [Fact]
    public async Task Import_PolishHeaderSemicolonDelimitedWithTwoGuardianGroups_ImportsPupilsAndGuardians()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines(
            FullPolishHeader,
            "4a; Ola ;Nowak;15220123459;Ola.Nowak@Uczen.example.pl;Anna;Nowak;anna.nowak@example.pl;;matka;Piotr;Nowak;piotr.nowak@example.pl;80010112340;ojciec",
            "1b;Kuba;Zieliński;15220123466;;Ewa;Zielińska;ewa.zielinska@example.pl;;opiekun prawny;;;;;");

        var report = await ImportAsync(school, csv);

        Assert.Equal((2, 0), (report.Imported, report.Refused));
        Assert.Equal([2, 3], report.Rows.Select(r => r.RowNumber));
        var records = await StoredAsync(school, Sp1);
        var ola = records.Single(r => r.FirstName == "Ola");
        Assert.Equal(report.Rows[0].StudentId, ola.Id);
        Assert.Equal(("4A", "Nowak", "15220123459", "ola.nowak@uczen.example.pl"), (ola.ClassName, ola.LastName, ola.Pesel, ola.Email));
        Assert.Equal(
            [("Anna", "Nowak", "anna.nowak@example.pl", (string?)null, GuardianRelation.Mother), ("Piotr", "Nowak", "piotr.nowak@example.pl", "80010112340", GuardianRelation.Father)],
            ola.Guardians.Select(g => (g.FirstName, g.LastName, g.Email, g.Pesel, g.Relation)));
        var kuba = records.Single(r => r.FirstName == "Kuba");
        Assert.Equal(("1B", "Zieliński", (string?)null), (kuba.ClassName, kuba.LastName, kuba.Email));
        Assert.Equal(("Ewa", "Zielińska", GuardianRelation.LegalGuardian), (kuba.Guardians.Single().FirstName, kuba.Guardians.Single().LastName, kuba.Guardians.Single().Relation));
    }

    [Fact]
    public async Task Import_EnglishHeaderCommaDelimitedWithGuardian1Aliases_ImportsPupilAndGuardian()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines(
            "class,first_name,last_name,pesel,email,guardian1_first_name,guardian1_last_name,guardian1_email,guardian1_pesel,guardian1_relation",
            "4a,Ola,Nowak,15220123459,,Anna,Nowak,anna.nowak@example.pl,80010112340,mother");

        var report = await ImportAsync(school, csv);

        Assert.Equal((1, 0), (report.Imported, report.Refused));
        var record = Assert.Single(await StoredAsync(school, Sp1));
        Assert.Equal(("4A", "Ola", "Nowak"), (record.ClassName, record.FirstName, record.LastName));
        var guardian = Assert.Single(record.Guardians);
        Assert.Equal(("Anna", "Nowak", "anna.nowak@example.pl", "80010112340", GuardianRelation.Mother), (guardian.FirstName, guardian.LastName, guardian.Email, guardian.Pesel, guardian.Relation));
    }

    [Fact]
    public async Task Import_HeaderNamesWithCaseSpacesDiacriticsAndSynonyms_AreRecognized()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines(
            "Oddział;Imię;Nazwisko;PESEL;E-mail;Opiekun 1 Imię;Opiekun 1 Nazwisko;Opiekun 1 E-mail;Opiekun 1 stopień pokrewieństwa",
            "4a;Ola;Nowak;15220123459;;Anna;Nowak;anna.nowak@example.pl;Matka");

        var report = await ImportAsync(school, csv);

        Assert.Equal(1, report.Imported);
        var record = Assert.Single(await StoredAsync(school, Sp1));
        Assert.Equal(("4A", "15220123459"), (record.ClassName, record.Pesel));
        Assert.Equal(("anna.nowak@example.pl", GuardianRelation.Mother), (record.Guardians.Single().Email, record.Guardians.Single().Relation));
    }

    [Fact]
    public async Task Import_TabDelimitedWithCrLfLineEnds_ImportsRows()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = "klasa\timie\tnazwisko\tpesel\r\n4a\tOla\tNowak\t15220123459\r\n4b\tAla\tLis\t15220123466\r\n";

        var report = await ImportAsync(school, csv);

        Assert.Equal((2, 0), (report.Imported, report.Refused));
        Assert.Equal(["Lis", "Nowak"], (await StoredAsync(school, Sp1)).Select(r => r.LastName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Import_Utf8ByteOrderMarkLeftInText_IsIgnoredBeforeFirstColumnName()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = "\uFEFFklasa;imie;nazwisko\n4a;Ola;Żółkiewska\n";

        var report = await ImportAsync(school, csv);

        Assert.Equal(1, report.Imported);
        var record = Assert.Single(await StoredAsync(school, Sp1));
        Assert.Equal(("4A", "Ola", "Żółkiewska"), (record.ClassName, record.FirstName, record.LastName));
    }

    [Fact]
    public async Task Import_Utf8FileWithByteOrderMarkReadAsStream_ImportsPolishLetters()
    {
        await using var school = await TestSchool.CreateAsync();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("klasa;imie;nazwisko\n4a;Łucja;Gęślą\n")).ToArray();
        // No BOM detection: the reader hands U+FEFF to the importer, as a host's own decoding might.
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);

        var result = await school.Import.ImportAsync(SecretarySp1, Sp1, reader);

        Assert.True(result.Succeeded, result.ToString());
        var record = Assert.Single(await StoredAsync(school, Sp1));
        Assert.Equal(("Łucja", "Gęślą"), (record.FirstName, record.LastName));
    }

    [Fact]
    public async Task Import_QuotedFieldsWithDelimiterAndDoubledQuote_KeepThemInTheValue()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines(
            "klasa;imie;nazwisko",
            "4a;\"Ola\";\"Nowak; Kowalska\"",
            "4a;Ala;\"Lis \"\"Mała\"\"\"");

        var report = await ImportAsync(school, csv);

        Assert.Equal((2, 0), (report.Imported, report.Refused));
        Assert.Equal(["Lis \"Mała\"", "Nowak; Kowalska"], (await StoredAsync(school, Sp1)).Select(r => r.LastName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Import_QuotedFieldWithCommaInCommaDelimitedFile_KeepsComma()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines("class,first_name,last_name", "4a,Ola,\"Nowak, Kowalska\"");

        var report = await ImportAsync(school, csv);

        Assert.Equal(1, report.Imported);
        Assert.Equal("Nowak, Kowalska", Assert.Single(await StoredAsync(school, Sp1)).LastName);
    }

    [Fact]
    public async Task Import_QuotedFieldWithLineBreak_IsOneSpreadsheetRowAndNamesRefuseTheLineBreak()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines(
            "klasa;imie;nazwisko",
            "4a;Jan;\"Kowal",
            "ski\"",
            "4b;Ewa;Lis");

        var report = await ImportAsync(school, csv);

        // The line break stays inside the field (so the row is not malformed), and a name may not hold one.
        Assert.Equal((1, 1), (report.Imported, report.Refused));
        Assert.Equal([2, 3], report.Rows.Select(r => r.RowNumber));
        var error = Assert.Single(report.Rows[0].Errors);
        Assert.Equal((AccessErrorCodes.FieldInvalidCharacters, "lastName"), (error.Code, error.Field));
        Assert.Equal("Lis", Assert.Single(await StoredAsync(school, Sp1)).LastName);
    }

    [Fact]
    public async Task Import_BlankLines_AreSkippedButKeepSpreadsheetRowNumbers()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines("klasa;imie;nazwisko", "", "4a;Ola;Nowak", "", "   ", "4b;Ala;", "", "");

        var report = await ImportAsync(school, csv);

        Assert.Equal((1, 1), (report.Imported, report.Refused));
        Assert.Equal([3, 6], report.Rows.Select(r => r.RowNumber));
        Assert.Equal(AccessErrorCodes.FieldRequired, Assert.Single(report.Rows[1].Errors).Code);
    }

    [Theory]
    [InlineData("matka", GuardianRelation.Mother)]
    [InlineData("Matka", GuardianRelation.Mother)]
    [InlineData("mother", GuardianRelation.Mother)]
    [InlineData("ojciec", GuardianRelation.Father)]
    [InlineData("father", GuardianRelation.Father)]
    [InlineData("opiekun prawny", GuardianRelation.LegalGuardian)]
    [InlineData("Opiekun Prawny", GuardianRelation.LegalGuardian)]
    [InlineData("legal-guardian", GuardianRelation.LegalGuardian)]
    [InlineData("inny", GuardianRelation.Other)]
    [InlineData("other", GuardianRelation.Other)]
    [InlineData("", GuardianRelation.Other)]
    public async Task Import_RelationWord_IsStoredAsGuardianRelation(string word, GuardianRelation expected)
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines("klasa;imie;nazwisko;opiekun1_imie;opiekun1_nazwisko;opiekun1_email;opiekun1_relacja", $"4a;Ola;Nowak;Anna;Nowak;anna.nowak@example.pl;{word}");

        var report = await ImportAsync(school, csv);

        Assert.Equal(1, report.Imported);
        Assert.Equal(expected, Assert.Single(Assert.Single(await StoredAsync(school, Sp1)).Guardians).Relation);
    }

    [Fact]
    public async Task Import_EmptyGuardianGroup_AddsNoGuardian()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines(FullPolishHeader, "4a;Ola;Nowak;;;;;;;;;;;;");

        var report = await ImportAsync(school, csv);

        Assert.Equal(1, report.Imported);
        Assert.Empty(Assert.Single(await StoredAsync(school, Sp1)).Guardians);
    }

    [Fact]
    public async Task Import_FileMixingValidAndBadRows_KeepsValidRowsAndReportsEachBadRowWithItsNumberAndCodes()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines(
            "klasa;imie;nazwisko;pesel;email;opiekun1_imie;opiekun1_nazwisko;opiekun1_email;opiekun1_relacja",
            "4a;Ola;Nowak;15220123459;ola@uczen.example.pl;Anna;Nowak;anna.nowak@example.pl;matka",
            "4a;Jan;Kowal;15220123450;;Ewa;Kowal;ewa.kowal@example.pl;matka",
            "4a;Ala;;15220123466;;;;;",
            "4a;Ida;Lis;15230301012;ida@uczen.example.pl;Olga;Lis;IDA@uczen.example.pl;matka",
            "4a;Tom;Lis;14010112345",
            "4a;Eryk;Mak;14010112345;;Jan;Mak;jan.mak@example.pl;babcia",
            "4b;Ola;Nowak-Bis;15220123459;;Adam;Bis;adam.bis@example.pl;ojciec",
            "4c;Zoe;Wolna;85021513573;;Adam;Wolny;adam.wolny@example.pl;ojciec");

        var report = await ImportAsync(school, csv);

        Assert.Equal((2, 6), (report.Imported, report.Refused));
        Assert.Equal(
            [
                (2, ""),
                (3, "Pesel.Checksum@pesel"),
                (4, "Field.Required@lastName"),
                (5, "Record.GuardianEmailSameAsStudent@guardians[0].email"),
                (6, "Import.RowMalformed@row"),
                (7, "Import.RelationInvalid@opiekun1_relacja"),
                (8, "Record.PeselDuplicate@pesel"),
                (9, ""),
            ],
            report.Rows.Select(r => (r.RowNumber, string.Join(", ", r.Errors.Select(e => e.Code + "@" + e.Field)))));
        Assert.Equal("babcia", report.Rows[5].Errors[0].Arguments["value"]);
        Assert.All(report.Rows.Where(r => !r.Succeeded), r => Assert.Null(r.StudentId));

        // Nothing of a refused row is written: no record, no audit entry, no guardian who could sign in.
        var stored = await StoredAsync(school, Sp1);
        Assert.Equal(["Nowak", "Wolna"], stored.Select(r => r.LastName).Order(StringComparer.Ordinal));
        Assert.Equal(
            report.Rows.Where(r => r.Succeeded).Select(r => r.StudentId!.Value).Order(),
            stored.Select(r => r.Id).Order());
        Assert.Equal(2, (await school.Store.ListAuditAsync(Symbol, null, 100, CancellationToken.None)).Count);
        Assert.Empty(await school.Resolver.ResolveAsync(Symbol, "ewa.kowal@example.pl"));
        Assert.Empty(await school.Resolver.ResolveAsync(Symbol, "adam.bis@example.pl"));
        Assert.Empty(await school.Resolver.ResolveAsync(Symbol, "jan.mak@example.pl"));
    }

    [Fact]
    public async Task Import_RowWithSeveralProblems_ReportsEveryError()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines("klasa;imie;nazwisko;pesel;email", ";Ola;;15220123450;ola@");

        var report = await ImportAsync(school, csv);

        var row = Assert.Single(report.Rows);
        Assert.Equal(2, row.RowNumber);
        Assert.Equal(
            ["className", "email", "lastName", "pesel"],
            row.Errors.Select(e => e.Field!).Order(StringComparer.Ordinal));
        Assert.Empty(await StoredAsync(school, Sp1));
    }

    [Fact]
    public async Task Import_PeselAlreadyInUnit_RefusesRow()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null);
        var csv = Lines("klasa;imie;nazwisko;pesel", $"5a;Ola;Nowak;{Pesels[0]}");

        var report = await ImportAsync(school, csv);

        Assert.Equal(AccessErrorCodes.PeselDuplicate, Assert.Single(Assert.Single(report.Rows).Errors).Code);
        Assert.Single(await StoredAsync(school, Sp1));
    }

    [Theory]
    [InlineData("klasa;imie;nazwisko;pesel", "4a;Ola;Nowak;15220123459;extra")] // more fields than the header
    [InlineData("klasa;imie;nazwisko", "4a;Ola;\"Nowak\"x")] // text after a closing quote
    public async Task Import_RowNotMatchingHeader_IsMalformed(string header, string row)
    {
        await using var school = await TestSchool.CreateAsync();

        var report = await ImportAsync(school, Lines(header, row));

        var error = Assert.Single(Assert.Single(report.Rows).Errors);
        Assert.Equal((AccessErrorCodes.ImportRowMalformed, "row"), (error.Code, error.Field));
        Assert.Empty(await StoredAsync(school, Sp1));
    }

    [Fact]
    public async Task Import_QuoteNeverClosed_RefusesWholeFileNamingTheRowAndWritesNothing()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines("klasa;imie;nazwisko", "4a;Ola;Nowak", "4a;Kuba;\"Wiśniewski", "4a;Piotr;Nowak");

        var result = await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(csv));

        var error = Assert.Single(result.Errors);
        Assert.Equal(AccessErrorCodes.ImportUnclosedQuote, error.Code);
        Assert.Equal("3", error.Arguments["row"]);
        Assert.Empty(await StoredAsync(school, Sp1));
    }

    [Fact]
    public async Task Import_RowsOfBareDelimiters_AreSkippedLikeBlankRows()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines("klasa;imie;nazwisko", "4a;Ola;Nowak", ";;", " ; ; ", "4a;Piotr;Nowak");

        var report = await ImportAsync(school, csv);

        Assert.Equal((2, 0), (report.Imported, report.Refused));
        Assert.Equal([2, 5], report.Rows.Select(r => r.RowNumber));
    }

    [Fact]
    public async Task Import_HeaderOnly_SucceedsWithNoRows()
    {
        await using var school = await TestSchool.CreateAsync();

        var report = await ImportAsync(school, "klasa;imie;nazwisko\n");

        Assert.Equal((0, 0), (report.Imported, report.Refused));
        Assert.Empty(report.Rows);
    }

    [Theory]
    [InlineData("imie;nazwisko;pesel\n4a;Ola;Nowak\n")] // no class column
    [InlineData("klasa;nazwisko\n4a;Nowak\n")] // no first name column
    [InlineData("klasa;imie\n4a;Ola\n")] // no last name column
    [InlineData("klasa;imie;nazwisko;uwagi\n4a;Ola;Nowak;-\n")] // unknown column
    [InlineData("klasa;imie;nazwisko;opiekun1_emial\n4a;Ola;Nowak;a@example.pl\n")] // misspelt guardian column
    [InlineData("klasa;imie;nazwisko;opiekun7_email\n4a;Ola;Nowak;a@example.pl\n")] // at most six guardians
    [InlineData("klasa;imie;nazwisko;imie\n4a;Ola;Nowak;Ala\n")] // the same column twice
    [InlineData("")] // empty file
    [InlineData("\n  \n\n")] // blank lines only
    public async Task Import_HeaderInvalid_RefusesWholeFileWithImportHeaderInvalid(string csv)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(csv));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.ImportHeaderInvalid, "header"), (error.Code, error.Field));
        Assert.Contains("klasa", error.Arguments["columns"], StringComparison.Ordinal);
        Assert.Empty(await StoredAsync(school, Sp1));
    }

    [Fact]
    public async Task Import_MoreRowsThanMaxRows_RefusesWholeFileAndWritesNothing()
    {
        await using var school = await TestSchool.CreateAsync(o => o.Import.MaxRows = 2);
        var csv = Lines("klasa;imie;nazwisko", "4a;Ola;Nowak", "4a;Ala;Lis", "4a;Ida;Mak");

        var result = await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(csv));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.ImportTooManyRows, "2"), (error.Code, error.Arguments["max"]));
        Assert.Empty(await StoredAsync(school, Sp1));
        Assert.Empty(await school.Store.ListAuditAsync(Symbol, null, 100, CancellationToken.None));
    }

    [Fact]
    public async Task Import_ExactlyMaxRowsWithBlankLines_ImportsAll()
    {
        await using var school = await TestSchool.CreateAsync(o => o.Import.MaxRows = 2);
        var csv = Lines("klasa;imie;nazwisko", "4a;Ola;Nowak", "", "4a;Ala;Lis", "", "");

        var report = await ImportAsync(school, csv);

        Assert.Equal(2, report.Imported);
    }

    [Fact]
    public async Task Import_ByClassTeacher_IsRefusedWithStaffNotAllowed_R1()
    {
        // Only the secretary enters records; the class teacher completes them (R1).
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Import.ImportAsync(TeacherSp1Class4A, Sp1, new StringReader(Lines("klasa;imie;nazwisko", "4a;Ola;Nowak")));

        Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(result.Errors).Code);
        Assert.Empty(await StoredAsync(school, Sp1));
    }

    [Fact]
    public async Task Import_BySecretaryOfAnotherUnit_IsRefusedWithStaffOtherUnit()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Import.ImportAsync(SecretarySp2, Sp1, new StringReader(Lines("klasa;imie;nazwisko", "4a;Ola;Nowak")));

        Assert.Equal(AccessErrorCodes.StaffOtherUnit, Assert.Single(result.Errors).Code);
        Assert.Empty(await StoredAsync(school, Sp1));
    }

    [Fact]
    public async Task Import_ByNonStaff_IsRefusedWithStaffNotFound()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Import.ImportAsync(new StaffActor(Symbol, "rodzic@example.pl"), Sp1, new StringReader(Lines("klasa;imie;nazwisko", "4a;Ola;Nowak")));

        Assert.Equal(AccessErrorCodes.StaffNotFound, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData("SP9")] // no such unit
    [InlineData(Lo1)] // a unit of the other instance (R6)
    public async Task Import_UnknownUnit_IsRefusedWithUnitNotFound(string unitCode)
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Import.ImportAsync(SecretarySp1, unitCode, new StringReader(Lines("klasa;imie;nazwisko", "4a;Ola;Nowak")));

        var error = Assert.Single(result.Errors);
        Assert.Equal((AccessErrorCodes.UnitNotFound, "unitCode"), (error.Code, error.Field));
    }

    [Fact]
    public async Task Import_InvalidUnitCode_IsRefusedWithUnitCodeInvalid()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Import.ImportAsync(SecretarySp1, "SP 1", new StringReader(Lines("klasa;imie;nazwisko", "4a;Ola;Nowak")));

        Assert.Equal(AccessErrorCodes.UnitCodeInvalid, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task Import_CancelledBeforeFirstRow_ThrowsAndWritesNothing()
    {
        await using var school = await TestSchool.CreateAsync();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(Lines("klasa;imie;nazwisko", "4a;Ola;Nowak")), cancellation.Token));

        Assert.Empty(await StoredAsync(school, Sp1));
    }

    [Fact]
    public async Task Import_EachImportedRow_IsAuditedAsStudentImportedByTheSecretary()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines("klasa;imie;nazwisko;pesel", "4a;Ola;Nowak;15220123459", "4b;Ala;Lis;");

        var report = await ImportAsync(school, csv);

        var audit = await school.Store.ListAuditAsync(Symbol, null, 100, CancellationToken.None);
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a =>
        {
            Assert.Equal(AuditAction.StudentImported, a.Action);
            Assert.Equal(SecretarySp1.Email, a.Actor);
            Assert.Equal(school.Time.GetUtcNow(), a.OccurredAt);
        });
        Assert.Equal(report.Rows.Select(r => r.StudentId!.Value).Order(), audit.Select(a => a.StudentId).Order());
        // The audit trail never holds a whole PESEL.
        Assert.DoesNotContain(audit.SelectMany(a => a.Changes), c => c.After == "15220123459");
    }

    [Fact]
    public async Task Import_GuardianListedInTwoRows_SeesBothChildrenAfterImport_R5()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines(
            "klasa;imie;nazwisko;opiekun1_imie;opiekun1_nazwisko;opiekun1_email;opiekun1_relacja",
            "4a;Ola;Nowak;Anna;Nowak;Anna.Nowak@example.pl;matka",
            "1c;Kuba;Nowak;Anna;Nowak;anna.nowak@example.pl;matka");

        var report = await ImportAsync(school, csv);
        var visible = await school.Resolver.ResolveAsync(Symbol, "anna.nowak@example.pl");

        Assert.Equal(2, report.Imported);
        Assert.Equal(
            [("Kuba", "1C", PupilRelation.Mother), ("Ola", "4A", PupilRelation.Mother)],
            visible.Select(p => (p.FirstName, p.ClassName, p.Relation)));
    }

    [Fact]
    public async Task Import_GuardianWithoutPeselIntoUnitRequiringIt_IsImportedButSeesNobody_R2()
    {
        // The unit's PESEL requirement decides eligibility, not whether the record may be entered.
        await using var school = await TestSchool.CreateAsync();
        var csv = Lines(
            "klasa;imie;nazwisko;opiekun1_imie;opiekun1_nazwisko;opiekun1_email;opiekun1_pesel;opiekun1_relacja",
            "2b;Ola;Nowak;Anna;Nowak;anna.nowak@example.pl;;matka",
            "2b;Ala;Lis;Jan;Lis;jan.lis@example.pl;80010112340;ojciec");

        var result = await school.Import.ImportAsync(SecretarySp2, Sp2, new StringReader(csv));

        Assert.Equal(2, result.Value.Imported);
        Assert.Empty(await school.Resolver.ResolveAsync(Symbol, "anna.nowak@example.pl"));
        Assert.Equal(PupilRelation.Father, Assert.Single(await school.Resolver.ResolveAsync(Symbol, "jan.lis@example.pl")).Relation);
    }

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    private static async Task<ImportReport> ImportAsync(TestSchool school, string csv)
    {
        var result = await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(csv));
        Assert.True(result.Succeeded, result.ToString());
        return result.Value;
    }

    private static Task<IReadOnlyList<StudentRecord>> StoredAsync(TestSchool school, string unitCode) =>
        school.Store.ListStudentsAsync(Symbol, unitCode, null, CancellationToken.None);
}
