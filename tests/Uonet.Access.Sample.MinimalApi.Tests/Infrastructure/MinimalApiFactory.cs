namespace Uonet.Access.Sample.MinimalApi.Tests.Infrastructure;

/// <summary>The minimal host on its own temporary SQLite file (see <see cref="SampleHostFactory{TEntryPoint}"/>).</summary>
public sealed class MinimalApiFactory() : SampleHostFactory<Program>("uonet-access-minimal-tests", "minimal.db");
