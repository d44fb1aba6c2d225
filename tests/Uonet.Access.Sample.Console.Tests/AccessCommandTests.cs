using System.Text.Json;
using Uonet.Access.Sample.Console.Tests.Infrastructure;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary><c>access start|complete</c>, <c>signin</c>, <c>pupils</c>, <c>diagnose</c>: R1–R5 through the tool.</summary>
public sealed class AccessCommandTests(SchoolFixture school) : IClassFixture<SchoolFixture>
{
    [Fact]
    public async Task AccessStart_AnswersTheSameForEligibleIneligibleAndUnknownAddresses_R3()
    {
        var eligible = await school.Json("access", "start", Symbol, Ola);
        var ineligible = await school.Json("access", "start", Symbol, Kuba);
        var unknown = await school.Json("access", "start", Symbol, "nikt@example.pl");

        eligible.Succeeded();
        Assert.Equal(eligible.Stdout, ineligible.Succeeded().Stdout);
        Assert.Equal(eligible.Stdout, unknown.Succeeded().Stdout);
        Assert.Equal(eligible.Stderr, unknown.Stderr);
        Assert.Equal(["message"], eligible.Json.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task AccessStart_ForAnEligibleAddress_PutsTheLinkAndItsTokenInTheOutbox_R4()
    {
        (await school.Json("access", "start", Symbol, Anna)).Succeeded();

        var message = (await school.Json("outbox", "list", "--to", Anna)).Succeeded().Json.GetProperty("messages")[0];

        Assert.Equal("accessLink", message.GetProperty("kind").GetString());
        Assert.Equal(Anna, message.GetProperty("to").GetString());
        var token = message.GetProperty("token").GetString()!;
        Assert.StartsWith("http://127.0.0.1:9/gminawulkanowo/", message.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("token=" + token, message.GetProperty("link").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessStart_ForAnAddressThatMayNotSignIn_MailsANoticeWithoutALink()
    {
        (await school.Json("access", "start", Symbol, Kuba)).Succeeded();

        var message = (await school.Json("outbox", "list", "--to", Kuba)).Succeeded().Json.GetProperty("messages")[0];

        Assert.Equal("notRegistered", message.GetProperty("kind").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, message.GetProperty("token").ValueKind);
    }

    [Fact]
    public async Task AccessComplete_WithAnUnknownToken_IsRefused()
    {
        var run = await school.JsonWithInput(Password + "\n", "access", "complete", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "--password-stdin");

        run.Refused("Link.Invalid");
    }

    [Fact]
    public async Task AccessComplete_TwiceWithTheSameLink_IsRefusedTheSecondTime()
    {
        (await school.Json("access", "start", Symbol, Ola)).Succeeded();
        var token = (await school.Json("outbox", "list", "--to", Ola)).Json.GetProperty("messages")[0].GetProperty("token").GetString()!;

        var first = await school.JsonWithInput(Password + "\n", "access", "complete", token, "--password-stdin");
        var second = await school.JsonWithInput(Password + "\n", "access", "complete", token, "--password-stdin");

        Assert.True(first.Succeeded().Json.GetProperty("passwordSet").GetBoolean());
        second.Refused("Link.Used");
    }

    [Fact]
    public async Task AccessComplete_WithACommonPassword_IsRefusedByThePolicy()
    {
        (await school.Json("access", "start", Symbol, Anna)).Succeeded();
        var token = (await school.Json("outbox", "list", "--to", Anna)).Json.GetProperty("messages")[0].GetProperty("token").GetString()!;

        var run = await school.JsonWithInput("password\n", "access", "complete", token, "--password-stdin");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("Password.", run.ErrorCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AfterTheFirstLogin_PrintsTheSessionAndBothChildren_R5()
    {
        await SetPasswordAsync(school, Anna);

        var run = await school.JsonWithInput(Password + "\n", "signin", Symbol, Anna, "--password-stdin");

        run.Succeeded();
        Assert.Equal("Success", run.Get("result"));
        Assert.False(string.IsNullOrEmpty(run.Get("session")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.Json.GetProperty("lockedUntil").ValueKind);
        var pupils = run.Json.GetProperty("pupils").EnumerateArray().ToList();
        Assert.Equal(["Ola", "Piotr"], pupils.Select(p => p.GetProperty("firstName").GetString()).Order());
        Assert.All(pupils, p => Assert.Equal("mother", p.GetProperty("relation").GetString()));
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_IsRefusedWithResultFailed()
    {
        await SetPasswordAsync(school, Ola);

        var run = await school.JsonWithInput("zupelnie inne haslo\n", "signin", Symbol, Ola, "--password-stdin");

        run.Refused("SignIn.Failed");
        Assert.Equal("Failed", run.Get("result"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, run.Json.GetProperty("session").ValueKind);
    }

    [Fact]
    public async Task SignIn_TheFifthFailure_LocksTheAddressUntilATime()
    {
        const string address = "zgadywany@example.pl";
        for (var attempt = 1; attempt < 5; attempt++)
        {
            (await school.JsonWithInput("zle haslo numer " + attempt + "\n", "signin", Symbol, address, "--password-stdin")).Refused("SignIn.Failed");
        }

        var run = await school.JsonWithInput("zle haslo numer 5\n", "signin", Symbol, address, "--password-stdin");

        run.Refused("SignIn.LockedOut");
        Assert.Equal("LockedOut", run.Get("result"));
        Assert.True(run.Json.GetProperty("lockedUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Pupils_WithTheSessionTicket_ListsWhomTheAccountSeesNow_R5_R8()
    {
        await SetPasswordAsync(school, Anna);
        var session = await SignInAsync(school, Anna);

        var run = await school.Json("pupils", "--session", session);

        run.Succeeded();
        var pupil = run.Json.GetProperty("pupils").EnumerateArray().Single(p => p.GetProperty("firstName").GetString() == "Piotr");
        Assert.Equal(school.Piotr.ToString(), pupil.GetProperty("studentId").GetString());
        Assert.Equal("Nowak", pupil.GetProperty("lastName").GetString());
        Assert.Equal("SP2", pupil.GetProperty("unit").GetString());
        Assert.Equal("6C", pupil.GetProperty("class").GetString());
        Assert.Equal(Symbol, pupil.GetProperty("instance").GetString());
        Assert.Equal("mother", pupil.GetProperty("relation").GetString());
    }

    [Fact]
    public async Task Pupils_OfAPupilsOwnSession_AreSelf()
    {
        await SetPasswordAsync(school, Ola);
        var session = await SignInAsync(school, Ola);

        var run = await school.Json("pupils", "--session", session);

        Assert.Equal("self", run.Succeeded().Json.GetProperty("pupils")[0].GetProperty("relation").GetString());
    }

    [Fact]
    public async Task Pupils_WithATicketThatIsNotOne_IsRefusedWithASessionCode()
    {
        var run = await school.Json("pupils", "--session", "1.not-a-ticket");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("Session.", run.ErrorCode, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "Nieprawidłowy adres e-mail lub hasło.")]
    [InlineData("--en", null, "Wrong e-mail address or password.")]
    [InlineData(null, "en_GB.UTF-8", "Wrong e-mail address or password.")]
    [InlineData(null, "pl_PL.UTF-8", "Nieprawidłowy adres e-mail lub hasło.")]
    public async Task Messages_ArePolishByDefault_AndEnglishWithEnOrAnEnglishLang(string? flag, string? lang, string expected)
    {
        List<string> arguments = ["signin", Symbol, "ktokolwiek@example.pl", "--password-stdin", "--db", school.Database, "--json"];
        if (flag is not null)
        {
            arguments.Add(flag);
        }

        var run = await ConsoleTool.RunAsync(arguments, "jakies haslo\n", lang is null ? null : new Dictionary<string, string> { ["LANG"] = lang });

        run.Refused("SignIn.Failed");
        Assert.Equal(expected, run.Json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Diagnose_APupilWithoutPesel_NamesRuleR1AndWhoFixesIt()
    {
        var run = await school.Json("diagnose", Symbol, Kuba, "--as", SecretarySp1);

        run.Succeeded();
        Assert.False(run.Json.GetProperty("canSignIn").GetBoolean());
        var finding = run.Json.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("blocking").GetBoolean());
        Assert.Equal("R1", finding.GetProperty("rule").GetString());
        Assert.Equal("Diagnosis.StudentPeselMissing", finding.GetProperty("code").GetString());
        Assert.Equal("student", finding.GetProperty("role").GetString());
        Assert.Equal(school.Kuba.ToString(), finding.GetProperty("studentId").GetString());
        Assert.Equal("secretary-or-class-teacher", finding.GetProperty("fixedBy").GetString());
        Assert.False(string.IsNullOrEmpty(finding.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Diagnose_AGuardianSeeingBothChildren_CanSignIn()
    {
        var run = await school.Json("diagnose", Symbol, Anna, "--as", SecretarySp1);

        run.Succeeded();
        Assert.True(run.Json.GetProperty("canSignIn").GetBoolean());
        Assert.All(run.Json.GetProperty("findings").EnumerateArray(), f => Assert.Matches("^R(10|[1-9])$", f.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task Diagnose_LinkSentAndThenUsed_SignInsShowItPendingThenNot_NeverTheToken_R3()
    {
        const string Zosia = "zosia.mazur@uczen.example.pl";
        await School.AddStudentAsync(school, SecretarySp1, "SP1", "4A", "Zosia", "Mazur", "15220123466", Zosia);
        (await school.Json("access", "start", Symbol, Zosia)).Succeeded();
        var token = (await school.Json("outbox", "list", "--to", Zosia)).Succeeded().Json.GetProperty("messages")[0].GetProperty("token").GetString()!;

        var pending = (await school.Json("diagnose", Symbol, Zosia, "--as", SecretarySp1)).Succeeded();
        (await school.JsonWithInput(Password + "\n", "access", "complete", token, "--password-stdin")).Succeeded();
        var used = (await school.Json("diagnose", Symbol, Zosia, "--as", SecretarySp1)).Succeeded();

        var before = pending.Json.GetProperty("signIns");
        Assert.True(before.GetProperty("linkPending").GetBoolean());
        Assert.False(before.GetProperty("hasAccount").GetBoolean());
        Assert.True(before.GetProperty("linkValidUntil").GetDateTimeOffset() > before.GetProperty("linkSentAt").GetDateTimeOffset());
        Assert.DoesNotContain(token, pending.Stdout, StringComparison.Ordinal);
        Assert.True(pending.Json.TryGetProperty("findings", out _));
        var after = used.Json.GetProperty("signIns");
        Assert.False(after.GetProperty("linkPending").GetBoolean());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("linkValidUntil").ValueKind);
        Assert.True(after.GetProperty("hasAccount").GetBoolean());
    }

    [Fact]
    public async Task Diagnose_AskedBySomeoneWhoIsNotStaff_IsRefused()
    {
        var run = await school.Json("diagnose", Symbol, Anna, "--as", Anna);

        run.Refused("Staff.NotFound");
    }
}
