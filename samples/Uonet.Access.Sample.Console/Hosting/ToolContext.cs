using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Passkeys;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Hosting;

/// <summary>
/// What one invocation works with: its parsed command line, its output, and the library's services over the chosen
/// store, built on first use so that commands which never touch the store (help, device commands) never open it.
/// </summary>
internal sealed class ToolContext(ParseResult parse) : IAsyncDisposable
{
    private ServiceProvider? _services;
    private MailDelivery? _mail;

    public ParseResult Parse { get; } = parse;

    public CommandOutput Output { get; } = OutputFor(parse, parse.InvocationConfiguration);

    /// <summary>How mail is delivered (SMTP or pickup folder), as configured for this invocation.</summary>
    public MailDelivery Mail => _mail ??= MailDelivery.From(Parse);

    public static CommandOutput OutputFor(ParseResult parse, InvocationConfiguration configuration) => new(
        parse.GetValue(GlobalOptions.Json),
        CultureOf(parse),
        configuration.Output,
        configuration.Error);

    public T Value<T>(Argument<T> argument) => Parse.GetRequiredValue(argument);

    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>The value of <c>--session</c>: the ticket itself, or read from standard input when it is <c>-</c>.</summary>
    public string Session(Option<string> option)
    {
        var value = Value(option)!;
        return value == "-" ? ReadSecret("Bilet sesji", "Session ticket", "Квиток сеансу") : value;
    }

    public T Get<T>()
        where T : notnull => (_services ??= Build()).GetRequiredService<T>();

    /// <summary>
    /// Reads a secret from standard input (<c>--password-stdin</c>): the first line of a pipe, or typed without echo
    /// at a terminal. Secrets never come from arguments, which other users of the machine can see.
    /// </summary>
    public string ReadSecret(string polishPrompt, string englishPrompt, string ukrainianPrompt)
    {
        if (System.Console.IsInputRedirected)
        {
            return (System.Console.In.ReadLine() ?? string.Empty).TrimEnd('\r');
        }

        Output.Progress.Write(Output.Say(polishPrompt, englishPrompt, ukrainianPrompt) + ": ");
        var secret = new StringBuilder();
        for (var key = System.Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = System.Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                secret.Length = Math.Max(0, secret.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }

        Output.Progress.WriteLine();
        return secret.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    // Polish by default, like the schools the library is for; --lang, --en or an English or Ukrainian LANG switches
    // the messages (the library's too: it answers in Ukrainian for any culture whose language is uk).
    private static CultureInfo CultureOf(ParseResult parse)
    {
        // The token as typed: a value outside pl/en/uk is a usage error, which must still be reported, not thrown.
        var asked = parse.GetResult(GlobalOptions.Language)?.Tokens.FirstOrDefault()?.Value;
        if (asked is null && parse.GetValue(GlobalOptions.English))
        {
            asked = "en";
        }

        var environment = new[] { "LC_ALL", "LC_MESSAGES", "LANG" }.Select(Environment.GetEnvironmentVariable).FirstOrDefault(value => !string.IsNullOrEmpty(value));
        asked ??= environment is null ? null : environment[..Math.Min(2, environment.Length)].ToLowerInvariant();
        return asked switch
        {
            "en" => CultureInfo.GetCultureInfo("en-GB"),
            "uk" => CultureInfo.GetCultureInfo("uk-UA"),
            _ => CultureInfo.GetCultureInfo("pl-PL"),
        };
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        var builder = services.AddUonetAccess(options =>
        {
            // A tool run by a developer or an operator at the machine: unless told otherwise, it makes its mail key file
            // on first run, the same file the portal uses beside a shared SQLite database.
            options.EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development";
            if (Parse.GetValue(GlobalOptions.MailKeys) is { } keys)
            {
                options.Mail.Protection.KeyFile = Path.GetFullPath(keys);
            }
            else if (Parse.GetValue(GlobalOptions.Postgres) is not null)
            {
                options.Mail.Protection.KeyFile = Path.GetFullPath(GlobalOptions.DefaultMailKeys);
            }
        }).UseHumanCheck<OperatorAtTerminal>();
        StoreChoice.Register(builder, Parse);
        builder.AddPasskeys();
        Mail.Register(builder);
        return services.BuildServiceProvider(validateScopes: true);
    }
}
