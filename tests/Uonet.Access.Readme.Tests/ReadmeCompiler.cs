using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Uonet.Access.Readme.Tests;

/// <summary>Compiles a README block the way a new project would: its SDK's implicit usings, nullable on, warnings count.</summary>
internal static class ReadmeCompiler
{
    // The implicit usings of `dotnet new console` and of a Microsoft.NET.Sdk.Web project.
    private static readonly string[] ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] WebUsings =
    [
        .. ConsoleUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path))]);

    /// <summary>Compiles the block; returns the assembly's bytes and every error or warning.</summary>
    public static (byte[]? Assembly, IReadOnlyList<string> Problems) Compile(ReadmeBlock block)
    {
        var usings = string.Concat((block.IsWebHost ? WebUsings : ConsoleUsings).Select(u => $"global using global::{u};\n"));
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var hasStatements = CSharpSyntaxTree.ParseText(block.Code, parse).GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "ReadmeBlock" + block.Line,
            [CSharpSyntaxTree.ParseText(usings, parse, "GlobalUsings.cs"), CSharpSyntaxTree.ParseText(block.Code, parse, "Program.cs")],
            References.Value,
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var emitted = compilation.Emit(output);
        var problems = emitted.Diagnostics
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();
        return (emitted.Success ? output.ToArray() : null, problems);
    }

    /// <summary>Runs a compiled program's entry point to its end and returns what it wrote to the console.</summary>
    public static async Task<string> RunAsync(byte[] assembly, TimeSpan limit)
    {
        var entry = Assembly.Load(assembly).EntryPoint ?? throw new InvalidOperationException("The block has no entry point.");
        var written = new StringWriter();
        var original = Console.Out;
        Console.SetOut(written);
        try
        {
            await Task.Run(() => entry.Invoke(null, entry.GetParameters().Length == 0 ? [] : [Array.Empty<string>()])).WaitAsync(limit);
        }
        finally
        {
            Console.SetOut(original);
        }

        return written.ToString();
    }
}
