using System.Text.Json;

namespace Uonet.Access.Sample.Console.Tests.Infrastructure;

/// <summary>One run of the built tool: exit code and both streams.</summary>
public sealed record ToolRun(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>
    /// Standard output as the contract promises it with <c>--json</c>: exactly one JSON object and nothing else
    /// (one trailing newline). Fails the test otherwise.
    /// </summary>
    public JsonElement Json
    {
        get
        {
            var text = Stdout.TrimEnd('\n');
            Assert.False(string.IsNullOrEmpty(text), $"No JSON on standard output. {this}");
            Assert.DoesNotContain('\n', text);
            using var document = JsonDocument.Parse(text);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The refusal of an exit code 1 run: <c>error.code</c>.</summary>
    public string ErrorCode => Json.GetProperty("error").GetProperty("code").GetString()!;

    public string Get(string property) => Json.GetProperty(property).ToString();

    public ToolRun Succeeded()
    {
        Assert.True(ExitCode == 0, $"Expected exit code 0. {this}");
        return this;
    }

    public ToolRun Refused(string code)
    {
        Assert.True(ExitCode == 1, $"Expected exit code 1 ({code}). {this}");
        Assert.Equal(code, ErrorCode);
        return this;
    }

    public override string ToString() =>
        $"uonet-access {string.Join(' ', Arguments)} → exit {ExitCode}{Environment.NewLine}stdout: {Stdout}{Environment.NewLine}stderr: {Stderr}";
}
