using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;

namespace Uonet.Access.Sample.Web.Tests.Infrastructure;

/// <summary>Families entered by the demo secretary for one test each, so tests sharing a portal never share an account.</summary>
public static class Families
{
    /// <summary>The password every test family sets at its first login.</summary>
    public const string Password = "zielony rower jedzie szybko";

    /// <summary>A new family (see <see cref="AddAsync"/>) whose guardian has done the first login and is signed in.</summary>
    public static async Task<SignedInFamily> SignedInAsync(PortalFactory factory, string className = "4A")
    {
        var (email, record) = await AddAsync(factory, className);
        var browser = new PortalBrowser(factory);
        await browser.FirstLoginAsync(email, Password);
        return new SignedInFamily(browser, email, record);
    }

    /// <summary>A pupil of SP1 class 4A with one eligible guardian (a mother) whose address is new; returns that address and the record.</summary>
    public static async Task<(string GuardianEmail, StudentRecord Record)> AddAsync(PortalFactory factory, string className = "4A", string? guardianEmail = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var email = guardianEmail ?? $"rodzic.{Guid.NewGuid():N}@example.pl";
        var records = factory.Services.GetRequiredService<StudentRecords>();
        var added = await records.AddStudentAsync(DemoDataset.SecretarySp1, new NewStudent
        {
            UnitCode = "SP1",
            ClassName = className,
            FirstName = "Zuzia",
            LastName = "Testowa",
            Guardians = [new GuardianDetails { FirstName = "Maria", LastName = "Testowa", Email = email, Relation = GuardianRelation.Mother }],
        });
        Assert.True(added.Succeeded, added.ToString());
        return (email, added.Value);
    }
}

/// <summary>A signed-in guardian of a test family: the browser, the address and the child's record.</summary>
public sealed record SignedInFamily(PortalBrowser Browser, string Email, StudentRecord Record) : IDisposable
{
    public void Dispose() => Browser.Dispose();
}
