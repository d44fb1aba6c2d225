namespace Uonet.Access.Sample.Console.Output;

/// <summary>The tool cannot go on (a <c>Cli.*</c> code); the action wrapper turns it into exit code 1 and one error object.</summary>
internal sealed class ToolFailure(string code, IReadOnlyDictionary<string, string> arguments) : Exception(code)
{
    public ToolFailure(string code, string name, string value)
        : this(code, new Dictionary<string, string> { [name] = value })
    {
    }

    public string Code { get; } = code;

    public IReadOnlyDictionary<string, string> Arguments { get; } = arguments;
}

/// <summary>The command line is wrong in a way the parser cannot see (e.g. <c>--db</c> and <c>--postgres</c> together): exit code 2.</summary>
internal sealed class UsageFailure(string message) : Exception(message);
