using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Records;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Credentials.CrossInstance;

/// <summary>
/// Anna Nowak, mother of Ola (SP1 in <c>gminawulkanowo</c>) and of Kasia (LO1 in <c>powiatwulkanowy</c>): one e-mail,
/// two instances, and — as in UONET+ (R6) — one account in each, each with its own password.
/// </summary>
internal static class CrossInstanceFamily
{
    public const string Email = Flow.MotherEmail;

    /// <summary>The password in <c>gminawulkanowo</c>.</summary>
    public const string PasswordHere = Flow.Password;

    /// <summary>The password in <c>powiatwulkanowy</c>.</summary>
    public const string PasswordThere = Flow.OtherPassword;

    public static Task<TestSchool> CreateSchoolAsync() => TestSchool.CreateAsync(o => o.EnableCrossInstanceView = true);

    public static LinkedInstances Linked(TestSchool school) => ActivatorUtilities.CreateInstance<LinkedInstances>(school.Services);

    public static Task<StudentRecord> AddOlaAsync(TestSchool school) =>
        school.AddStudentAsync(TestSchool.Sp1, "4a", "Ola", "Nowak", TestSchool.Pesels[0], null, TestSchool.Guardian("Anna", "Nowak", Email));

    public static Task<StudentRecord> AddKasiaAsync(TestSchool school) =>
        school.AddStudentAsync(TestSchool.Lo1, "1a", "Kasia", "Nowak", TestSchool.Pesels[2], null, TestSchool.Guardian("Anna", "Nowak", Email));

    /// <summary>Both children, an account in each instance, and a session in <c>gminawulkanowo</c>; returns its ticket.</summary>
    public static async Task<string> SignedInWithAccountsInBothAsync(TestSchool school)
    {
        await AddOlaAsync(school);
        await AddKasiaAsync(school);
        await SetPasswordAsync(school, TestSchool.Symbol, PasswordHere);
        await SetPasswordAsync(school, TestSchool.OtherSymbol, PasswordThere);
        return await SignInAsync(school, TestSchool.Symbol, PasswordHere);
    }

    /// <summary>Runs the first-login procedure (R3) in <paramref name="symbol"/>; fails the test if any step is refused.</summary>
    public static Task SetPasswordAsync(TestSchool school, string symbol, string password, string email = Email) =>
        school.Services.SetPasswordAsync(email, password, symbol);

    public static async Task<string> SignInAsync(TestSchool school, string symbol, string password)
    {
        var result = await school.SignIn.SignInAsync(new SignInRequest { InstanceSymbol = symbol, Email = Email, Password = password });
        Assert.Equal(SignInOutcome.Success, result.Outcome);
        return result.SessionTicket!;
    }

    public static async Task<Account> AccountAsync(TestSchool school, string symbol, string email = Email)
    {
        var account = await school.Store.FindAccountAsync(symbol, email, CancellationToken.None);
        Assert.NotNull(account);
        return account;
    }

    public static async Task<T> Ok<T>(Task<AccessResult<T>> pending)
    {
        var result = await pending;
        Assert.True(result.Succeeded, result.ToString());
        return result.Value;
    }

    public static async Task Ok(Task<AccessResult> pending)
    {
        var result = await pending;
        Assert.True(result.Succeeded, result.ToString());
    }
}
