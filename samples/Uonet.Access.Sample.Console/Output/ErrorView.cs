using System.Globalization;
using System.Text.Json.Serialization;

namespace Uonet.Access.Sample.Console.Output;

/// <summary>
/// One refusal as scripts see it: <c>{"code","message"[,"field"][,"arguments"]}</c>. The code is the library's stable
/// code (or the portal's, which passes the library's on), or a <c>Cli.*</c> code of the tool itself.
/// </summary>
internal sealed record ErrorView(
    string Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Arguments = null)
{
    public static ErrorView From(AccessError error, CultureInfo culture) =>
        new(error.Code, error.Describe(culture), error.Field, error.Arguments.Count == 0 ? null : error.Arguments);

    /// <summary>A tool failure; its <c>detail</c> (an exception's text) is only in the message, the other arguments stay for scripts.</summary>
    public static ErrorView Tool(string code, CultureInfo culture, IReadOnlyDictionary<string, string> arguments)
    {
        var kept = arguments.Where(argument => argument.Key != "detail").ToDictionary();
        return new(code, ToolMessages.Describe(code, arguments, culture), null, kept.Count == 0 ? null : kept);
    }
}
