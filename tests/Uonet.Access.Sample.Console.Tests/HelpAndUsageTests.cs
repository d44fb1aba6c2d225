using Uonet.Access.Sample.Console.Tests.Infrastructure;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary>The contract's frame: <c>--help</c> on every command, usage errors exit with 2 and never touch the store.</summary>
public sealed class HelpAndUsageTests : IDisposable
{
    private readonly ToolWorkspace _tool = new();

    private static readonly string[] AllCommands =
    [
        "demo", "instance add", "unit add", "staff add", "student add", "student update", "guardian add", "import",
        "access start", "access complete", "outbox list", "outbox dispatch", "signin", "pupils", "pairing start",
        "device register", "device pupils", "devices list", "devices revoke", "email change", "diagnose",
        "maintenance start", "maintenance end", "maintenance status", "export", "record export",
    ];

    public static TheoryData<string> Commands => new(AllCommands);

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_OnEveryCommand_PrintsItsUsageAndExitsWithZero(string command)
    {
        var run = await _tool.Text([.. command.Split(' '), "--help"]);

        run.Succeeded();
        Assert.Contains("Usage:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"uonet-access {command}", run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(_tool.Database), "--help must not create the database.");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task UnknownOption_OnEveryCommand_IsAUsageErrorWithExitCodeTwo(string command)
    {
        var run = await _tool.Json([.. command.Split(' '), "--no-such-option"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Cli.Usage", run.ErrorCode);
        Assert.Contains("--no-such-option", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_tool.Database), "A usage error must not create the database.");
    }

    [Theory]
    [InlineData("-")]
    [InlineData("--")]
    public async Task AccessComplete_TokenStartingWithADash_IsATokenNotAnOption(string dashes)
    {
        // Link tokens are base64url: one in 64 starts with '-', and "--x" never does.
        var token = dashes == "-" ? "-PFuZl5shut_UIrbNrncMg-wm0Mw3-eebQMJzU-erng" : "--PFuZl5shut_UIrbNrncMg-wm0Mw3-eebQMJzU-ern";

        var run = await _tool.JsonWithInput("kot ma ale i psa burka", "access", "complete", token, "--password-stdin");

        Assert.Equal(dashes == "-" ? 1 : 2, run.ExitCode);
        Assert.Equal(dashes == "-" ? "Link.Invalid" : "Cli.Usage", run.ErrorCode);
    }

    [Fact]
    public async Task Help_OnTheRoot_ListsEveryCommandGroup()
    {
        var run = await _tool.Text("--help");

        run.Succeeded();
        foreach (var group in AllCommands.Select(command => command.Split(' ')[0]).Distinct())
        {
            Assert.Contains("  " + group, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("instance", "add", "gminawulkanowo", "--name", "Gmina")]
    [InlineData("student", "update", "gminawulkanowo", "not-a-guid", "--as", "a@example.pl")]
    [InlineData("staff", "add", "gminawulkanowo", "SP1", "a@example.pl", "--role", "janitor")]
    [InlineData("maintenance", "start", "gminawulkanowo", "--as", "a@example.pl", "--until", "tomorrow")]
    [InlineData("outbox", "list", "--limit", "0")]
    [InlineData("no-such-command")]
    [InlineData("student")]
    public async Task MissingOrMalformedArguments_AreUsageErrors(params string[] arguments)
    {
        var run = await _tool.Json(arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Cli.Usage", run.ErrorCode);
    }

    [Fact]
    public async Task Passwords_AreNeverArguments_OnlyStandardInput()
    {
        var withoutFlag = await _tool.Json("access", "complete", "token");
        var asArgument = await _tool.Json("signin", "gminawulkanowo", "anna@example.pl", "--password", "secret secret");

        Assert.Equal(2, withoutFlag.ExitCode);
        Assert.Contains("--password-stdin", withoutFlag.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, asArgument.ExitCode);
    }

    [Fact]
    public async Task DbAndPostgres_Together_AreAUsageError()
    {
        var run = await ConsoleTool.RunAsync(["outbox", "list", "--db", _tool.Database, "--postgres", "Host=127.0.0.1", "--json"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Cli.Usage", run.ErrorCode);
    }

    [Fact]
    public async Task Db_InAFolderThatDoesNotExist_IsAUsageError()
    {
        var run = await ConsoleTool.RunAsync(["outbox", "list", "--db", Path.Combine(_tool.Folder, "missing", "x.db"), "--json"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Cli.Usage", run.ErrorCode);
    }

    [Fact]
    public async Task UsageError_WithoutJson_WritesNothingToStandardOutput()
    {
        var run = await _tool.Text("instance", "add", "gminawulkanowo");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Contains("--name", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _tool.Dispose();
}
