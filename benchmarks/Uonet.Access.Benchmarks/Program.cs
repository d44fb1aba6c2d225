using BenchmarkDotNet.Running;
using Uonet.Access.Benchmarks;

// The burst mode runs outside BenchmarkDotNet, which measures allocations but not the peak memory a burst needs; the
// seed mode prepares the database stores' data before a run.
switch (args)
{
    case [BurstCommand.Name, .. var rest]:
        return await BurstCommand.RunAsync(rest);
    case [BurstCommand.ChildName, .. var rest]:
        return await BurstCommand.RunChildAsync(rest);
    case [SeedCommand.Name, .. var rest]:
        return await SeedCommand.RunAsync(rest);
    default:
        if (BenchmarkStores.PostgreSqlConnectionString is null)
        {
            Console.WriteLine($"PostgreSQL rows skipped: {BenchmarkStores.PostgreSqlVariable} is not set (benchmarks/run.sh starts a throwaway server when PostgreSQL is installed).");
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
}
