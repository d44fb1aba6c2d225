using System.Text.RegularExpressions;

namespace Uonet.Access.Readme.Tests;

/// <summary>
/// One C# block of the repository's README.md, with what the README promises of it: <c>compile</c> (as written) or
/// <c>run</c> (as written, to its end). The promise is the HTML comment <c>&lt;!-- readme-test: … --&gt;</c> on the line
/// before the block; a block without one is a test failure, so no example escapes.
/// </summary>
internal sealed partial record ReadmeBlock(int Line, string? Promise, string Code)
{
    public bool Runs => Promise == "run";

    /// <summary>Whether the block is a web host (it gets the ASP.NET Core SDK's implicit usings, as in a web project).</summary>
    public bool IsWebHost => Code.Contains("WebApplication.", StringComparison.Ordinal);

    public static IReadOnlyList<ReadmeBlock> ReadAll()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var blocks = new List<ReadmeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var promise = i > 0 && PromisePattern().Match(lines[i - 1]) is { Success: true } match ? match.Groups[1].Value : null;
            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            blocks.Add(new ReadmeBlock(i + 1, promise, string.Join('\n', lines[(i + 1)..end])));
            i = end;
        }

        return blocks;
    }

    public override string ToString() => $"README.md line {Line} ({Promise ?? "no promise"})";

    [GeneratedRegex(@"^<!-- readme-test: (compile|run) -->$")]
    private static partial Regex PromisePattern();
}
