using Uonet.Access.Sample.Console.Tests.Infrastructure;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary><c>--postgres</c>: the same commands over PostgreSQL, the schema created on first use.</summary>
public sealed class PostgresStoreTests
{
    [PostgresFact]
    public async Task TheSchoolAndAFirstLogin_WorkOnPostgreSql()
    {
        using var tool = await PostgresWorkspace.CreateAsync();

        var (ola, piotr, _) = await EnterAsync(tool);
        await SetPasswordAsync(tool, Anna);
        var session = await SignInAsync(tool, Anna);
        var pupils = await tool.Json("pupils", "--session", session);
        var duplicate = await tool.Json("instance", "add", Symbol, "--name", "Gmina", "--base-url", "https://example.pl/");

        var seen = pupils.Succeeded().Json.GetProperty("pupils").EnumerateArray().Select(p => Guid.Parse(p.GetProperty("studentId").GetString()!)).Order();
        Assert.Equal(new[] { ola, piotr }.Order(), seen);
        duplicate.Refused("Instance.AlreadyExists");
        Assert.False(File.Exists(tool.Database), "With --postgres no SQLite file is created.");
    }

    [Fact]
    public async Task UnreachableServer_IsRefusedWithTheStoreCode()
    {
        var run = await ConsoleTool.RunAsync(["outbox", "list", "--postgres", $"Host=127.0.0.1;Port={Loopback.FreePort()};Username=postgres;Timeout=5", "--json"]);

        run.Refused("Cli.StoreFailed");
    }
}
