using BenchmarkDotNet.Running;
using Uonet.Access.Benchmarks;

// The burst mode runs outside BenchmarkDotNet, which measures allocations but not the peak memory a burst needs.
switch (args)
{
    case [BurstCommand.Name, .. var rest]:
        return await BurstCommand.RunAsync(rest);
    case [BurstCommand.ChildName, .. var rest]:
        return await BurstCommand.RunChildAsync(rest);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
}
