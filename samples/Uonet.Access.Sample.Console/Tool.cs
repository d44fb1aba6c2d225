using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using Uonet.Access.Sample.Console.Commands.Access;
using Uonet.Access.Sample.Console.Commands.Demo;
using Uonet.Access.Sample.Console.Commands.Devices;
using Uonet.Access.Sample.Console.Commands.Mail;
using Uonet.Access.Sample.Console.Commands.Maintenance;
using Uonet.Access.Sample.Console.Commands.Records;
using Uonet.Access.Sample.Console.Hosting;

namespace Uonet.Access.Sample.Console;

/// <summary>
/// <c>uonet-access</c>: the school operator's tool over the library. Its command names, arguments, JSON answers and exit
/// codes are a contract scripts depend on (issue 7). It trusts its operator: whoever can run it can read the database.
/// </summary>
internal static class Tool
{
    public static RootCommand Commands()
    {
        var root = new RootCommand("uonet-access: records, first logins, mail, mobile devices and maintenance of Uonet.Access, for the school operator. It trusts its operator (whoever can run it can read the database): --as names the staff member acting, and the library checks that member's role. Without a command: the demo.")
        {
            DemoCommand.Create(),
            DirectoryCommands.Instance(),
            DirectoryCommands.Unit(),
            DirectoryCommands.Staff(),
            StudentCommands.Student(),
            StudentCommands.Guardian(),
            ExportCommands.Record(),
            ImportCommand.Create(),
            AccessCommands.Create(),
            OutboxCommands.Create(),
            SignInCommands.SignIn(),
            SignInCommands.Pupils(),
            SessionCommands.Create(),
            PasskeyCommands.Create(),
            ExportCommands.Export(),
            PairingCommands.Pairing(),
            DeviceCommands.Create(),
            PairingCommands.Devices(),
            EmailChangeCommand.Create(),
            DiagnoseCommand.Create(),
            MaintenanceCommands.Create(),
        };
        foreach (var option in GlobalOptions.All)
        {
            root.Add(option);
        }

        // Without a command the tool shows the demo, as it always did.
        root.Does(DemoCommand.RunAsync);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        // Help and usage errors in one language (English); the library's messages follow --en / LANG.
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var parse = Commands().Parse(args);
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        var problems = parse.Errors.Select(error => error.Message).Concat(StrayOptions(parse)).ToList();
        if (parse.Action is not HelpAction && problems.Count > 0)
        {
            return ToolContext.OutputFor(parse, configuration).Usage(problems);
        }

        return await parse.InvokeAsync(configuration, cancellationToken);
    }

    // The parser hands an unknown "--option" to a free positional argument as its value; the contract says unknown
    // options are usage errors, so a positional value may not look like an option: "--anything" or "-x". Longer
    // values after one dash stay values, because link tokens are base64url and one in 64 starts with '-'.
    private static IEnumerable<string> StrayOptions(ParseResult parse) =>
        parse.CommandResult.Children.OfType<ArgumentResult>()
            .SelectMany(argument => argument.Tokens)
            .Where(token => token.Value.StartsWith("--", StringComparison.Ordinal) || (token.Value.Length == 2 && token.Value[0] == '-'))
            .Select(token => $"Unrecognized option '{token.Value}'.");
}
