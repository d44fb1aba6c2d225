namespace Uonet.Access.Sample.Console.Tests.Infrastructure;

/// <summary>
/// The school every test class enters through the tool itself: one instance, two schools (SP2 requires the guardian's
/// PESEL), their staff, and Anna Nowak, a mother of two pupils in the two schools.
/// </summary>
public static class School
{
    public const string Symbol = "gminawulkanowo";
    public const string SecretarySp1 = "sekretariat@sp1.example.pl";
    public const string SecretarySp2 = "sekretariat@sp2.example.pl";
    public const string TeacherSp1Class4A = "wychowawca.4a@sp1.example.pl";
    public const string Administrator = "admin@example.pl";
    public const string Anna = "anna.nowak@example.pl";
    public const string Ola = "ola.nowak@uczen.example.pl";
    public const string Kuba = "kuba.lis@uczen.example.pl";
    public const string Password = "kot ma ale i psa burka";

    /// <summary>Enters the school; returns the ids of Ola (SP1, 4A), Piotr (SP2, 6C) and Kuba (SP1, 4A, without PESEL).</summary>
    public static async Task<(Guid Ola, Guid Piotr, Guid Kuba)> EnterAsync(ToolWorkspace tool, string baseUrl = "http://127.0.0.1:9/gminawulkanowo/")
    {
        await EnterDirectoryAsync(tool, baseUrl);
        var ola = await AddStudentAsync(tool, SecretarySp1, "SP1", "4A", "Ola", "Nowak", "15220123459", Ola);
        (await tool.Json("guardian", "add", Symbol, ola.ToString(), "--as", SecretarySp1, "--first", "Anna", "--last", "Nowak", "--email", Anna, "--relation", "mother")).Succeeded();
        var piotr = await AddStudentAsync(tool, SecretarySp2, "SP2", "6C", "Piotr", "Nowak", "16310534566", null);
        (await tool.Json("guardian", "add", Symbol, piotr.ToString(), "--as", SecretarySp2, "--first", "Anna", "--last", "Nowak", "--email", Anna, "--pesel", "85021513573", "--relation", "mother")).Succeeded();
        var kuba = await AddStudentAsync(tool, SecretarySp1, "SP1", "4A", "Kuba", "Lis", null, Kuba);
        return (ola, piotr, kuba);
    }

    /// <summary>Enters the instance, its two schools and their staff, without pupils.</summary>
    public static async Task EnterDirectoryAsync(ToolWorkspace tool, string baseUrl = "http://127.0.0.1:9/gminawulkanowo/")
    {
        (await tool.Json("instance", "add", Symbol, "--name", "Gmina Wulkanowo", "--base-url", baseUrl)).Succeeded();
        (await tool.Json("unit", "add", Symbol, "SP1", "--name", "Szkoła Podstawowa nr 1")).Succeeded();
        (await tool.Json("unit", "add", Symbol, "SP2", "--name", "Szkoła Podstawowa nr 2", "--require-guardian-pesel")).Succeeded();
        (await tool.Json("staff", "add", Symbol, "SP1", SecretarySp1, "--role", "secretary", "--name", "Halina Sekretarz")).Succeeded();
        (await tool.Json("staff", "add", Symbol, "SP2", SecretarySp2, "--role", "secretary")).Succeeded();
        (await tool.Json("staff", "add", Symbol, "SP1", TeacherSp1Class4A, "--role", "class-teacher", "--class", "4A")).Succeeded();
        (await tool.Json("staff", "add", Symbol, "-", Administrator, "--role", "administrator")).Succeeded();
    }

    public static async Task<Guid> AddStudentAsync(ToolWorkspace tool, string staff, string unit, string className, string first, string last, string? pesel, string? email)
    {
        List<string> arguments = ["student", "add", Symbol, unit, "--as", staff, "--first", first, "--last", last, "--class", className];
        if (pesel is not null)
        {
            arguments.AddRange(["--pesel", pesel]);
        }

        if (email is not null)
        {
            arguments.AddRange(["--email", email]);
        }

        return Guid.Parse((await tool.Json([.. arguments])).Succeeded().Get("studentId"));
    }

    /// <summary>The first login through the tool (R3): access start, the token from outbox list, access complete.</summary>
    public static async Task SetPasswordAsync(ToolWorkspace tool, string email, string password = Password)
    {
        (await tool.Json("access", "start", Symbol, email)).Succeeded();
        var token = (await tool.Json("outbox", "list", "--to", email)).Succeeded().Json.GetProperty("messages")[0].GetProperty("token").GetString()!;
        (await tool.JsonWithInput(password + "\n", "access", "complete", token, "--password-stdin")).Succeeded();
    }

    /// <summary>Signs in through the tool and returns the session ticket.</summary>
    public static async Task<string> SignInAsync(ToolWorkspace tool, string email, string password = Password) =>
        (await tool.JsonWithInput(password + "\n", "signin", Symbol, email, "--password-stdin")).Succeeded().Get("session");
}

/// <summary>A workspace with <see cref="School"/> entered once for the whole test class.</summary>
public sealed class SchoolFixture : ToolWorkspace, IAsyncLifetime
{
    private string? _annaSession;

    public Guid Ola { get; private set; }

    public Guid Piotr { get; private set; }

    public Guid Kuba { get; private set; }

    public async Task InitializeAsync() => (Ola, Piotr, Kuba) = await School.EnterAsync(this);

    /// <summary>A session of Anna (mother of Ola and Piotr), after her first login; made once per test class.</summary>
    public async Task<string> AnnaSessionAsync()
    {
        if (_annaSession is null)
        {
            await School.SetPasswordAsync(this, School.Anna);
            _annaSession = await School.SignInAsync(this, School.Anna);
        }

        return _annaSession;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
