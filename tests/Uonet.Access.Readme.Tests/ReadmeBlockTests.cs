namespace Uonet.Access.Readme.Tests;

/// <summary>
/// Every C# block of README.md compiles as written, without a warning, against the repository's packages, and the
/// blocks the README promises to run do run to their end: an example a newcomer pastes must work.
/// </summary>
public sealed class ReadmeBlockTests
{
    public static TheoryData<int> Blocks => [.. ReadmeBlock.ReadAll().Select(b => b.Line)];

    [Fact]
    public void Readme_CSharpBlocks_EachCarriesAPromiseAndOneRuns()
    {
        var blocks = ReadmeBlock.ReadAll();

        Assert.NotEmpty(blocks);
        Assert.All(blocks, b => Assert.True(b.Promise is not null, $"{b}: add <!-- readme-test: compile --> or <!-- readme-test: run --> on the line before the block"));
        Assert.Contains(blocks, b => b.Runs);
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void ReadmeBlock_AsWritten_CompilesWithoutWarnings(int line)
    {
        var block = ReadmeBlock.ReadAll().Single(b => b.Line == line);

        var (assembly, problems) = ReadmeCompiler.Compile(block);

        Assert.True(assembly is not null && problems.Count == 0, $"{block}:\n{string.Join('\n', problems)}");
    }

    [Fact]
    public async Task UsingTheLibraryBlock_Run_FirstLoginSignsInAndTheSessionSeesOla_R3_R5()
    {
        var block = ReadmeBlock.ReadAll().First(b => b.Runs);
        var (assembly, problems) = ReadmeCompiler.Compile(block);
        Assert.True(assembly is not null, string.Join('\n', problems));

        var output = await ReadmeCompiler.RunAsync(assembly, TimeSpan.FromMinutes(2));

        Assert.True(output.Contains("Anna sees 1 pupil(s); tomasz@example.pl may sign in: False", StringComparison.Ordinal), output);
        Assert.True(output.Contains("mail to anna.nowak@example.pl", StringComparison.Ordinal), output);
        Assert.True(output.Contains("password set: True", StringComparison.Ordinal), output);
        Assert.True(output.Contains("Valid: Ola (SP1 4A)", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task TextsBlock_Run_TheHostsWordsUkrainianAndGerman()
    {
        var block = ReadmeBlock.ReadAll().Where(b => b.Runs).ElementAt(1);
        var (assembly, problems) = ReadmeCompiler.Compile(block);
        Assert.True(assembly is not null, string.Join('\n', problems));

        var output = await ReadmeCompiler.RunAsync(assembly, TimeSpan.FromMinutes(2));

        Assert.True(output.Contains("W razie kłopotu zadzwoń do sekretariatu.", StringComparison.Ordinal), output);
        Assert.True(output.Contains("Неправильна адреса електронної пошти або пароль.", StringComparison.Ordinal), output);
        Assert.True(output.Contains("Bitte geben Sie die PESEL-Nummer ein.", StringComparison.Ordinal), output);
        Assert.True(output.Contains("Неправильний PIN. Залишилося 2 спроби.", StringComparison.Ordinal), output);
    }
}
