using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Uonet.Access.Import;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;
using Uonet.Access.Sqlite;
using Uonet.Access.Storage;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>
/// The import page hands the request's own token to the import, so an upload abandoned by the browser stops, and
/// lists the unit's last runs, so the office sees what an interrupted import wrote (rows are written one by one).
/// </summary>
public sealed class ImportPageTests(ImportPageTests.WitnessedPortal portal) : IClassFixture<ImportPageTests.WitnessedPortal>
{
    private static readonly string Secretary = DemoDataset.SecretarySp1.Email;

    [Fact]
    public async Task Upload_TheImportGetsTheRequestsAbortToken()
    {
        using var secretary = await portal.Factory.SignedInAsync(Secretary);
        portal.TokenWasRequestAborted.Clear();

        await UploadAsync(secretary, "klasa;imie;nazwisko\n5a;Adam;Tokenowy\n", "token.csv");

        Assert.Equal([true], portal.TokenWasRequestAborted);
    }

    [Fact]
    public async Task Upload_ThePageListsTheRunCompletedWithItsCountsInATableWithACaption()
    {
        using var secretary = await portal.Factory.SignedInAsync(Secretary);

        await UploadAsync(secretary, "klasa;imie;nazwisko\n5a;Adam;Policzony\n5a;Ewa;\n", "policzeni.csv");

        var newest = NewestRow(secretary.Html);
        Assert.Contains("<caption>Ostatnie importy do SP1</caption>", secretary.Html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"Completed\"", newest, StringComparison.Ordinal);
        Assert.Matches(@"<td>policzeni\.csv</td>[\s\S]*<td>zakończony</td>\s*<td>1</td>\s*<td>1</td>", newest);
    }

    [Fact]
    public async Task InterruptedRun_IsShownAsInterruptedAfterTheRowsItWrote_InPolishAndEnglish()
    {
        using var secretary = await portal.Factory.SignedInAsync(Secretary);
        var started = portal.Factory.Time.GetUtcNow().AddDays(30);
        var run = new ImportRun
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = "gminawulkanowo",
            UnitCode = "SP1",
            ActorEmail = Secretary,
            FileName = "caly-rocznik.csv",
            StartedAt = started,
            FinishedAt = started.AddSeconds(41),
            Status = ImportRunStatus.Cancelled,
            RowsWritten = 3_271,
        };
        await portal.Factory.Services.GetRequiredService<IImportRunStore>().AddImportRunAsync(run, CancellationToken.None);

        await secretary.GetAsync("/gminawulkanowo/szkola/import");
        var polish = NewestRow(secretary.Html);
        await secretary.GetAsync("/gminawulkanowo/szkola/import?lang=en");
        var english = NewestRow(secretary.Html);

        Assert.Matches(@"przerwany po 3\s271 wierszach", polish);
        Assert.Contains("interrupted after 3,271 rows", english, StringComparison.Ordinal);
    }

    private static string NewestRow(string html)
    {
        var table = html[html.IndexOf("id=\"import-runs-SP1\"", StringComparison.Ordinal)..];
        var row = table[table.IndexOf("<tr data-run", StringComparison.Ordinal)..];
        return System.Net.WebUtility.HtmlDecode(row[..row.IndexOf("</tr>", StringComparison.Ordinal)]);
    }

    private static async Task UploadAsync(PortalBrowser browser, string csv, string fileName)
    {
        await browser.GetAsync("/gminawulkanowo/szkola/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(browser.AntiforgeryToken()), "__RequestVerificationToken" },
            { new StringContent("SP1"), "Unit" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "Csv", fileName);
        var response = await browser.PostAsync("/gminawulkanowo/szkola/import", form);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The portal with the store's import runs behind a witness of the token each new run is written with.</summary>
    public sealed class WitnessedPortal : IDisposable
    {
        public WitnessedPortal()
        {
            Factory = new StaffPortalFactory
            {
                TestServices = services =>
                {
                    services.AddHttpContextAccessor();
                    services.Replace(ServiceDescriptor.Singleton<IImportRunStore>(sp => new TokenWitness(
                        sp.GetRequiredService<SqliteAccessStore>(), sp.GetRequiredService<IHttpContextAccessor>(), TokenWasRequestAborted)));
                },
            };
        }

        public StaffPortalFactory Factory { get; }

        /// <summary>For each run added: whether its token was the request's <c>RequestAborted</c>.</summary>
        public ConcurrentQueue<bool> TokenWasRequestAborted { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    private sealed class TokenWitness(IImportRunStore store, IHttpContextAccessor http, ConcurrentQueue<bool> seen) : IImportRunStore
    {
        public Task<StoreWriteResult> AddImportRunAsync(ImportRun run, CancellationToken cancellationToken)
        {
            seen.Enqueue(http.HttpContext is { } context && cancellationToken == context.RequestAborted && cancellationToken.CanBeCanceled);
            return store.AddImportRunAsync(run, cancellationToken);
        }

        public Task<StoreWriteResult> UpdateImportRunAsync(ImportRun run, CancellationToken cancellationToken) => store.UpdateImportRunAsync(run, cancellationToken);

        public Task<IReadOnlyList<ImportRun>> ListImportRunsAsync(string symbol, string unitCode, int limit, CancellationToken cancellationToken) =>
            store.ListImportRunsAsync(symbol, unitCode, limit, cancellationToken);
    }
}
