using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Hosting;

/// <summary>The store of <c>--db</c> (SQLite, the default) or <c>--postgres</c>; both create their schema when missing.</summary>
internal static class StoreChoice
{
    public static void Register(UonetAccessBuilder builder, ParseResult parse)
    {
        var postgres = parse.GetValue(GlobalOptions.Postgres);
        var database = parse.GetValue(GlobalOptions.Database);
        if (postgres is not null && database is not null)
        {
            throw new UsageFailure("--db and --postgres exclude each other.");
        }

        if (postgres is not null)
        {
            try
            {
                builder.UsePostgreSql(postgres);
            }
            catch (ArgumentException exception)
            {
                throw new UsageFailure("--postgres: " + exception.Message);
            }

            return;
        }

        var path = Path.GetFullPath(database ?? GlobalOptions.DefaultDatabase);
        if (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            throw new UsageFailure($"--db: the folder of {path} does not exist.");
        }

        // The builder quotes the path, so a file name with ';' or '=' cannot add connection-string keywords.
        builder.UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
    }
}
