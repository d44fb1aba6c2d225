using System.CommandLine;

namespace Uonet.Access.Sample.Console.Hosting;

/// <summary>The options every command takes (recursive on the root command).</summary>
internal static class GlobalOptions
{
    public const string DefaultDatabase = "uonet-access.db";

    public static readonly Option<string> Database = new("--db")
    {
        Description = $"The SQLite file (created with its schema when missing). Default: {DefaultDatabase} in the current directory.",
        HelpName = "path",
        Recursive = true,
    };

    public static readonly Option<string> Postgres = new("--postgres")
    {
        Description = "A PostgreSQL connection string instead of --db (the schema is created when missing). Keep the password out of it: Npgsql reads PGPASSWORD and ~/.pgpass.",
        HelpName = "connection-string",
        Recursive = true,
    };

    public const string DefaultMailKeys = "uonet-access.mail-keys";

    public static readonly Option<string> MailKeys = new("--mail-keys")
    {
        Description = $"The file of keys that protect queued mail at rest ('id:base64' lines, the last is current), created on first use. Default: beside --db (<db>.mail-keys), or {DefaultMailKeys} in the current directory with --postgres.",
        HelpName = "path",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print exactly one camelCase JSON object on standard output (refusals as {\"error\":{\"code\",\"message\"}}).",
        Recursive = true,
    };

    public static readonly Option<bool> English = new("--en")
    {
        Description = "Messages in English (the same as --lang en).",
        Recursive = true,
    };

    public static readonly Option<string> Language = CreateLanguage();

    public static IEnumerable<Option> All => [Database, Postgres, MailKeys, Json, English, Language];

    private static Option<string> CreateLanguage()
    {
        var option = new Option<string>("--lang")
        {
            Description = "The language of the messages: pl (default), en or uk (Ukrainian). Without it, LANG=en… or LANG=uk… selects English or Ukrainian. JSON codes stay the same in every language.",
            HelpName = "pl|en|uk",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("pl", "en", "uk");
        return option;
    }
}
