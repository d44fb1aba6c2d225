using Microsoft.Extensions.Options;

namespace Uonet.Access.DependencyInjection;

/// <summary>Checks options and the chosen adapters at start-up, reporting every problem together.</summary>
internal sealed class UonetAccessOptionsValidator(IEnumerable<StoreRegistration> stores) : IValidateOptions<UonetAccessOptions>
{
    public const string MissingStoreMessage =
        "Uonet.Access has no store. Choose one where you call AddUonetAccess: .UseSqlite(\"Data Source=access.db\") " +
        "(package Uonet.Access.Sqlite), .UsePostgreSql(connectionString) (package Uonet.Access.PostgreSql), " +
        "or .UseInMemoryStore() for tests and demos.";

    public ValidateOptionsResult Validate(string? name, UonetAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!stores.Any())
        {
            failures.Add(MissingStoreMessage);
        }

        if (options.Import.MaxRows is < 1 or > 1_000_000)
        {
            failures.Add($"UonetAccessOptions.Import.MaxRows must be between 1 and 1,000,000 (it is {options.Import.MaxRows}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
