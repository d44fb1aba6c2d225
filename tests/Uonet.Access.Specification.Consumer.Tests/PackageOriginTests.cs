using System.Text.Json;
using Uonet.Access.Specification.Tests;
using Uonet.Access.Storage;

namespace Uonet.Access.Specification.Consumer.Tests;

// The point of this project is to prove the suite works for an outside author, which only holds if the suite and the
// library came from their packages: a project reference slipped in here would prove nothing.
public sealed class PackageOriginTests
{
    [Theory]
    [InlineData(typeof(StoreSpecification))]
    [InlineData(typeof(InMemoryAccessStore))]
    public void Assembly_OfTheSuiteAndTheLibrary_ResolvedFromAPackageNotAProject(Type fromAssembly)
    {
        var name = fromAssembly.Assembly.GetName();
        var depsFile = Path.Combine(AppContext.BaseDirectory, typeof(PackageOriginTests).Assembly.GetName().Name + ".deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile));

        var library = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Single(l => l.Name.StartsWith(name.Name + "/", StringComparison.Ordinal));

        Assert.Equal("package", library.Value.GetProperty("type").GetString());
        Assert.Equal(name.Version!.ToString(3), library.Name[(name.Name!.Length + 1)..]);
    }
}
