using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Uonet.Access.Credentials;
using Uonet.Access.Sample.Console.Tests.Infrastructure;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary>
/// <c>signin</c> for an account with a second factor prints the single-use second-factor ticket (never asking to keep the
/// password), and <c>signin complete</c> reads it from standard input and finishes with the app's code.
/// </summary>
public sealed class SecondFactorCommandTests(SchoolFixture school) : IClassFixture<SchoolFixture>
{
    [Fact]
    public async Task SignIn_WithASecondFactor_PrintsTheTicket_AndSigninCompleteFinishesItOnce()
    {
        await SetPasswordAsync(school, Anna);
        var secret = await EnrolTotpAsync(await SignInAsync(school, Anna));
        // The enrolment used this time step; the next one is inside the ±1 window and not used yet.
        var code = new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30));

        var first = await school.JsonWithInput(Password + "\n", "signin", Symbol, Anna, "--password-stdin");
        var ticket = first.Json.GetProperty("secondFactorTicket").GetString()!;
        var completed = await school.JsonWithInput(ticket + "\n", "signin", "complete", Symbol, "--totp", code);
        var again = await school.JsonWithInput(ticket + "\n", "signin", "complete", Symbol, "--totp", code);

        Assert.Equal(1, first.ExitCode);
        Assert.Equal("SignIn.RequiresSecondFactor", first.ErrorCode);
        Assert.Equal("RequiresSecondFactor", first.Get("result"));
        Assert.Matches("^[0-9a-f]{32}\\.[A-Za-z0-9_-]{43}$", ticket);
        completed.Succeeded();
        Assert.Equal("Success", completed.Get("result"));
        Assert.False(string.IsNullOrEmpty(completed.Get("session")));
        Assert.Equal(1, again.ExitCode);
        Assert.Equal("SignIn.SecondFactorTicketInvalid", again.ErrorCode);
    }

    [Fact]
    public async Task SigninComplete_WithoutACodeOrWithBoth_IsAUsageError()
    {
        var neither = await school.JsonWithInput("ticket\n", "signin", "complete", Symbol);
        var both = await school.JsonWithInput("ticket\ncode\n", "signin", "complete", Symbol, "--totp", "123456", "--recovery-stdin");

        Assert.Equal(2, neither.ExitCode);
        Assert.Equal(2, both.ExitCode);
    }

    // The tool has no command to enrol an authenticator app (a person does that on the account page): the library does
    // it here, on the same database and mail key file the tool uses.
    private async Task<byte[]> EnrolTotpAsync(string session)
    {
        var services = new ServiceCollection();
        services.AddUonetAccess(o => o.EnvironmentName = "Development")
            .UseSqlite($"Data Source={school.Database}")
            .UsePickupFolder(Path.Combine(school.Folder, "mail"));
        await using var provider = services.BuildServiceProvider();
        var setup = provider.GetRequiredService<TwoFactorSetup>();
        var begun = await setup.BeginAsync(session);
        Assert.True(begun.Succeeded, begun.ToString());
        var secret = Base32Encoding.ToBytes(begun.Value.SecretBase32);
        var confirmed = await setup.ConfirmAsync(session, new Totp(secret).ComputeTotp(DateTime.UtcNow));
        Assert.True(confirmed.Succeeded, confirmed.ToString());
        return secret;
    }
}
