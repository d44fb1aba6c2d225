using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Uonet.Access.Import;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Import;

/// <summary>
/// Every import is recorded as a run, so that the school office sees what an interrupted import wrote: rows are
/// written one by one (R1, R2), and 3,271 of 9,000 rows may be in the records when the browser goes away.
/// </summary>
public sealed class ImportRunTests
{
    private const string Header = "klasa;imie;nazwisko";

    [Fact]
    public async Task ImportAsync_CompletedFile_RunCompletedWithTheReportsCounts_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        var csv = Rows(5) + "4a;Ola;\n";
        var started = school.Time.GetUtcNow();

        var result = await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(csv), "uczniowie.csv", CancellationToken.None);

        var report = result.Value;
        var run = Assert.Single(await RunsAsync(school));
        Assert.Equal((5, 1), (report.Imported, report.Refused));
        Assert.Equal(
            (report.RunId, ImportRunStatus.Completed, 5, 1, Symbol, Sp1, SecretarySp1.Email, "uczniowie.csv", started, (DateTimeOffset?)started),
            (run.Id, run.Status, run.RowsWritten, run.RowsRefused, run.InstanceSymbol, run.UnitCode, run.ActorEmail, run.FileName, run.StartedAt, run.FinishedAt));
    }

    [Fact]
    public async Task ImportAsync_CancelledPartWay_RunCancelledWithTheExactRowsWritten()
    {
        // The browser goes away once the first progress has been recorded: the rows written before stay, and the run
        // says how many, written with its final state although the request's token is cancelled.
        using var cancellation = new CancellationTokenSource();
        await using var school = await TestSchool.CreateAsync(replace: services => services.Replace(ServiceDescriptor.Singleton<IImportRunStore>(
            sp => new InterruptingRuns(sp.GetRequiredService<InMemoryAccessStore>(), () => cancellation.Cancel()))));
        var csv = Rows(3 * StudentRecordImport.RowsPerProgressUpdate);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(csv), cancellation.Token));

        var run = Assert.Single(await RunsAsync(school));
        Assert.Equal((ImportRunStatus.Cancelled, StudentRecordImport.RowsPerProgressUpdate, 0), (run.Status, run.RowsWritten, run.RowsRefused));
        Assert.NotNull(run.FinishedAt);
        Assert.Equal(StudentRecordImport.RowsPerProgressUpdate, (await school.Store.ListStudentsAsync(Symbol, Sp1, null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ImportAsync_StoreFailsPartWay_RunFailedWithTheRowsWrittenAndTheErrorPassedOn()
    {
        await using var school = await TestSchool.CreateAsync(replace: services => services.Replace(ServiceDescriptor.Singleton<IImportRunStore>(
            sp => new InterruptingRuns(sp.GetRequiredService<InMemoryAccessStore>(), () => throw new InvalidOperationException("the database went away")))));
        var csv = Rows(2 * StudentRecordImport.RowsPerProgressUpdate + 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(csv)));

        var run = Assert.Single(await RunsAsync(school));
        Assert.Equal("the database went away", error.Message);
        Assert.Equal((ImportRunStatus.Failed, StudentRecordImport.RowsPerProgressUpdate), (run.Status, run.RowsWritten));
    }

    [Fact]
    public async Task ImportAsync_CancelledInsideOneHugeLine_StopsWithinAChunkAndRunCancelled()
    {
        const int cancelAt = 200_000;
        using var cancellation = new CancellationTokenSource();
        await using var school = await TestSchool.CreateAsync();
        var reader = new CountingReader(Header + "\n4a;Ola;x" + new string('"', 8_000_000) + "\n")
        {
            AfterRead = consumed =>
            {
                if (consumed >= cancelAt)
                {
                    cancellation.Cancel();
                }
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => school.Import.ImportAsync(SecretarySp1, Sp1, reader, cancellation.Token));

        Assert.InRange(reader.Consumed, cancelAt, cancelAt + CsvTable.ChunkLength);
        var run = Assert.Single(await RunsAsync(school));
        Assert.Equal((ImportRunStatus.Cancelled, 0), (run.Status, run.RowsWritten));
    }

    [Fact]
    public async Task ImportAsync_FileRefusedAsAWhole_RunFailedWithNothingWritten()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader("klasa;imie\n4a;Ola\n"));

        Assert.Equal(AccessErrorCodes.ImportHeaderInvalid, Assert.Single(result.Errors).Code);
        var run = Assert.Single(await RunsAsync(school));
        Assert.Equal((ImportRunStatus.Failed, 0, 0), (run.Status, run.RowsWritten, run.RowsRefused));
    }

    [Fact]
    public async Task ImportAsync_RefusedActor_RecordsNoRun()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Import.ImportAsync(TeacherSp1Class4A, Sp1, new StringReader(Rows(1)));

        Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(result.Errors).Code);
        Assert.Empty(await RunsAsync(school));
    }

    [Theory]
    [InlineData("C:\\fakepath\\uczniowie.csv", "uczniowie.csv")]
    [InlineData("../../etc/klasa\u00074a.csv", "klasa4a.csv")]
    [InlineData("  zażółć gęślą jaźń 🙂.csv ", "zażółć gęślą jaźń 🙂.csv")]
    [InlineData("\u0001\u0002", null)]
    [InlineData("", null)]
    public async Task ImportAsync_FileNameAsABrowserSendsIt_KeptAsItsLastPartWithoutControlCharacters(string sent, string? kept)
    {
        await using var school = await TestSchool.CreateAsync();

        await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(Rows(1)), sent, CancellationToken.None);

        Assert.Equal(kept, Assert.Single(await RunsAsync(school)).FileName);
    }

    [Fact]
    public async Task ImportAsync_FileNameWithALoneSurrogate_KeptWithoutIt()
    {
        // Not in an attribute: the compiler would store the lone surrogate as U+FFFD.
        await using var school = await TestSchool.CreateAsync();

        await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(Rows(1)), "klasa\uD800 4a.csv", CancellationToken.None);

        Assert.Equal("klasa 4a.csv", Assert.Single(await RunsAsync(school)).FileName);
    }

    [Fact]
    public async Task ImportAsync_FileNameOverTheLimit_CutWithoutSplittingACharacter()
    {
        await using var school = await TestSchool.CreateAsync();
        var sent = new string('a', StoreLimits.FileName - 1) + "🙂.csv";

        await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(Rows(1)), sent, CancellationToken.None);

        Assert.Equal(new string('a', StoreLimits.FileName - 1), Assert.Single(await RunsAsync(school)).FileName);
    }

    [Fact]
    public async Task ListRunsAsync_SecretaryAndAdministrator_SeeTheUnitsRunsNewestFirst()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(Rows(1)), "pierwszy.csv", CancellationToken.None);
        school.Time.Advance(TimeSpan.FromMinutes(5));
        await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(Rows(2, "5b")), "drugi.csv", CancellationToken.None);
        await school.Import.ImportAsync(SecretarySp2, Sp2, new StringReader(Rows(1)), "sp2.csv", CancellationToken.None);

        var bySecretary = await school.Import.ListRunsAsync(SecretarySp1, "sp1");
        var byAdministrator = await school.Import.ListRunsAsync(Administrator, Sp1, 1);

        Assert.Equal(["drugi.csv", "pierwszy.csv"], bySecretary.Value.Select(r => r.FileName));
        Assert.Equal(["drugi.csv"], byAdministrator.Value.Select(r => r.FileName));
    }

    [Theory]
    [InlineData("wychowawca4a@sp1.edu.pl", Sp1, AccessErrorCodes.StaffNotAllowed)] // the class teacher does not import (R1)
    [InlineData("sekretariat@sp2.edu.pl", Sp1, AccessErrorCodes.StaffOtherUnit)]
    [InlineData("rodzic@example.pl", Sp1, AccessErrorCodes.StaffNotFound)]
    [InlineData("sekretariat@sp1.edu.pl", "SP9", AccessErrorCodes.UnitNotFound)]
    [InlineData("sekretariat@sp1.edu.pl", Lo1, AccessErrorCodes.UnitNotFound)] // another instance's unit (R6)
    [InlineData("sekretariat@sp1.edu.pl", "SP 1", AccessErrorCodes.UnitCodeInvalid)]
    public async Task ListRunsAsync_NotTheUnitsSecretaryOrAdministrator_RefusedWithAStableCode(string email, string unitCode, string code)
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Import.ImportAsync(SecretarySp1, Sp1, new StringReader(Rows(1)));

        var result = await school.Import.ListRunsAsync(new StaffActor(Symbol, email), unitCode);

        Assert.Equal(code, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(StudentRecordImport.MaxRunsListed + 1)]
    public async Task ListRunsAsync_LimitOutOfRange_ArgumentOutOfRange(int limit)
    {
        await using var school = await TestSchool.CreateAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => school.Import.ListRunsAsync(SecretarySp1, Sp1, limit));
    }

    private static string Rows(int count, string className = "4a") =>
        Header + "\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"{className};{FirstName(i)};Nowak\n"));

    // Names hold letters only: "Aa", "Ab", … as many as the rows.
    private static string FirstName(int i) => string.Concat("A", (char)('a' + i / 26 / 26 % 26), (char)('a' + i / 26 % 26), (char)('a' + i % 26));

    private static Task<IReadOnlyList<ImportRun>> RunsAsync(TestSchool school) =>
        school.Store.ListImportRunsAsync(Symbol, Sp1, StudentRecordImport.MaxRunsListed, CancellationToken.None);

    /// <summary>
    /// The in-memory store's runs, honouring the token as a database store does, with <paramref name="interrupt"/>
    /// called at the first progress of a running import.
    /// </summary>
    private sealed class InterruptingRuns(InMemoryAccessStore store, Action interrupt) : IImportRunStore
    {
        private bool _interrupted;

        public Task<StoreWriteResult> AddImportRunAsync(ImportRun run, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return store.AddImportRunAsync(run, cancellationToken);
        }

        public Task<StoreWriteResult> UpdateImportRunAsync(ImportRun run, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var written = store.UpdateImportRunAsync(run, cancellationToken);
            if (run.Status == ImportRunStatus.Running && !_interrupted)
            {
                _interrupted = true;
                interrupt();
            }

            return written;
        }

        public Task<IReadOnlyList<ImportRun>> ListImportRunsAsync(string symbol, string unitCode, int limit, CancellationToken cancellationToken) =>
            store.ListImportRunsAsync(symbol, unitCode, limit, cancellationToken);
    }
}
