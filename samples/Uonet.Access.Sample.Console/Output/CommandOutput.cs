using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Uonet.Access.Localization;

namespace Uonet.Access.Sample.Console.Output;

/// <summary>
/// The one place that writes a command's answer: with <c>--json</c> exactly one camelCase JSON object on standard
/// output and nothing else; otherwise readable text on standard output and refusals on standard error.
/// </summary>
internal sealed class CommandOutput(bool json, CultureInfo culture, TextWriter stdout, TextWriter stderr)
{
    // Polish names stay readable in the JSON; the output is a terminal or a pipe, never an HTML page.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool Json { get; } = json;

    public CultureInfo Culture { get; } = culture;

    /// <summary>Standard error, for progress and notes that must never mix with the JSON answer.</summary>
    public TextWriter Progress { get; } = stderr;

    /// <summary>The tool's own text in the chosen language; every text is written in all three where it is used.</summary>
    public string Say(string polish, string english, string ukrainian) => InLanguage(Culture, polish, english, ukrainian);

    /// <summary>Polish for <c>pl</c>, Ukrainian for <c>uk</c>, English for any other culture.</summary>
    public static string InLanguage(CultureInfo culture, string polish, string english, string ukrainian)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName switch
        {
            "pl" => polish,
            "uk" => ukrainian,
            _ => english,
        };
    }

    /// <summary>Writes a success: <paramref name="body"/> as JSON, or <paramref name="text"/> for people. Exit code 0.</summary>
    public int Done(object body, Action<TextWriter> text)
    {
        if (Json)
        {
            WriteJson(JsonSerializer.SerializeToNode(body, JsonOptions)!);
        }
        else
        {
            text(stdout);
        }

        return ExitCodes.Success;
    }

    /// <summary>Writes the library's refusal. Exit code 1.</summary>
    public int Refused(AccessResult result, object? body = null) =>
        Refused([.. result.Errors.Select(error => ErrorView.From(error, Culture))], body);

    /// <summary>Writes a tool failure (a <c>Cli.*</c> code). Exit code 1.</summary>
    public int Refused(ToolFailure failure, object? body = null) =>
        Refused([ErrorView.Tool(failure.Code, Culture, failure.Arguments)], body);

    /// <summary>
    /// Writes refusals: <c>{…body, "error": first, "errors": all}</c> as JSON, or one line per error on standard error.
    /// Exit code 1.
    /// </summary>
    public int Refused(IReadOnlyList<ErrorView> errors, object? body = null)
    {
        if (Json)
        {
            var node = body is null ? new JsonObject() : JsonSerializer.SerializeToNode(body, JsonOptions)!.AsObject();
            node["error"] = JsonSerializer.SerializeToNode(errors[0], JsonOptions);
            node["errors"] = JsonSerializer.SerializeToNode(errors, JsonOptions);
            WriteJson(node);
        }
        else
        {
            foreach (var error in errors)
            {
                var field = error.Field is null ? string.Empty : $", {AccessMessages.FieldLabel(error.Field, Culture)}";
                Progress.WriteLine($"✘ {error.Message} [{error.Code}{field}]");
            }
        }

        return ExitCodes.Refused;
    }

    /// <summary>Writes a usage error. Exit code 2.</summary>
    public int Usage(IEnumerable<string> problems)
    {
        var detail = string.Join(" ", problems);
        if (Json)
        {
            var error = ErrorView.Tool(ToolMessages.Usage, Culture, new Dictionary<string, string> { ["detail"] = detail });
            WriteJson(new JsonObject { ["error"] = JsonSerializer.SerializeToNode(error, JsonOptions) });
        }

        Progress.WriteLine(detail);
        Progress.WriteLine(Say("Pomoc: uonet-access <polecenie> --help", "Help: uonet-access <command> --help", "Довідка: uonet-access <command> --help"));
        return ExitCodes.Usage;
    }

    private void WriteJson(JsonNode node) => stdout.WriteLine(node.ToJsonString(JsonOptions));
}
