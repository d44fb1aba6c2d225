using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uonet.Access.PostgreSql.Sharding;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests.Sharding;

/// <summary>The shard map's checks and the rules of the router that the shared specification cannot see.</summary>
public sealed class ShardRouterTests : IDisposable
{
    private const string Valid = "Host=127.0.0.1;Port=5432;Username=uonet;Database=school";

    private static CancellationToken None => CancellationToken.None;

    private readonly ShardedSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public void Create_EveryProblemOfTheMap_ReportedTogetherWithoutSecrets()
    {
        var options = new PostgreSqlShardOptions { Schema = "pg_catalog" }
            .MapInstance("gminawulkanowo", Valid)
            .MapInstance("GminaWulkanowo", "Host=db2;Password=tajne-haslo")
            .MapInstance("gmina wulkanowo", Valid)
            .MapInstance("powiatwulkanowy", "Host=db3;Password=tajne-haslo;Nieznane=1")
            .MapInstance("miastowulkanowo", " ");

        var error = Assert.Throws<OptionsValidationException>(() => PostgreSqlShardRouter.Create(options));

        Assert.Collection(
            error.Failures,
            f => Assert.Contains("DefaultConnectionString is missing", f, StringComparison.Ordinal),
            f => Assert.Contains("Schema is not usable", f, StringComparison.Ordinal),
            f => Assert.Contains("Instances[1].Symbol 'gminawulkanowo' is already mapped by Instances[0]", f, StringComparison.Ordinal),
            f => Assert.Contains("Instances[2].Symbol 'gmina wulkanowo' is not an instance symbol", f, StringComparison.Ordinal),
            f => Assert.Contains("Instances[3].ConnectionString (instance 'powiatwulkanowy') is not a valid Npgsql connection string", f, StringComparison.Ordinal),
            f => Assert.Contains("Instances[4].ConnectionString is missing", f, StringComparison.Ordinal));
        Assert.DoesNotContain("tajne-haslo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UsePostgreSqlShards_BadMap_FailsAtRegistration()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<OptionsValidationException>(() => services.AddUonetAccess().UsePostgreSqlShards(o => o.MapInstance(Symbol, Valid)));

        Assert.Contains("DefaultConnectionString is missing", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InstancesSharingASpelledDifferentlyConnectionString_OnePoolPerDatabase()
    {
        var options = new PostgreSqlShardOptions { DefaultConnectionString = Valid }
            .MapInstance("powiatwulkanowy", "Host=db2;Database=north;Username=uonet")
            .MapInstance("miastowulkanowo", "username=uonet; database=north; host=db2");

        using var router = PostgreSqlShardRouter.Create(options);

        Assert.Equal(2, router.DatabaseCount);
        Assert.Equal(router.WhereIs("powiatwulkanowy"), router.WhereIs("miastowulkanowo"));
        Assert.Equal(router.WhereIs("unmapped"), router.WhereIs(Symbol));
    }

    [Fact]
    public async Task ListLinkedAccountsAsync_OnlyOneSideStored_NotLinked_R6()
    {
        var router = await _schema.CreateRouterAsync();
        await SeedAsync(router);
        var here = await CreateAccountAsync(router, ParentEmail, Symbol);
        var there = await CreateAccountAsync(router, ParentEmail, OtherSymbol);

        // What a failure between the two writes of a link would leave: this cluster's side only.
        await _schema.FirstAsync<int>(
            "INSERT INTO {schema}.remote_account_links VALUES (@here, @there, @symbol, now()) RETURNING 1;",
            ("here", here.Id), ("there", there.Id), ("symbol", OtherSymbol));

        Assert.Empty(await ((ICredentialStore)router).ListLinkedAccountsAsync(here.Id, None));
        Assert.Empty(await ((ICredentialStore)router).ListLinkedAccountsAsync(there.Id, None));
    }

    [Fact]
    public async Task UpdateStudentsAsync_RecordsOfTwoClusters_RefusedAndNothingWritten()
    {
        var router = await _schema.CreateRouterAsync();
        await SeedAsync(router);
        var jan = Student(guardians: [Guardian(ParentEmail)]);
        var ola = Student("Ola", guardians: [Guardian(ParentEmail)]) with { InstanceSymbol = OtherSymbol, UnitCode = "LO1" };
        IStudentRecordStore records = router;
        Assert.Equal(StoreWriteResult.Success, await records.InsertStudentAsync(jan, Audit(jan), None));
        Assert.Equal(StoreWriteResult.Success, await records.InsertStudentAsync(ola, Audit(ola), None));
        var moved = new[] { jan, ola }.Select(r => r with { Version = r.Version + 1, Guardians = [Guardian("nowy@example.pl")] }).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => records.UpdateStudentsAsync([.. moved.Select(r => new StudentRecordUpdate(r, r.Version - 1, Audit(r, AuditAction.StudentChanged)))], None));

        Assert.Equal(jan.Guardians, (await records.FindStudentAsync(Symbol, jan.Id, None))!.Guardians);
        Assert.Equal(ola.Guardians, (await records.FindStudentAsync(OtherSymbol, ola.Id, None))!.Guardians);
    }

    [Fact]
    public async Task MigrateAsync_InstanceStoredInAnotherClusterThanMapped_StopsTheStart()
    {
        var router = await _schema.CreateRouterAsync();
        await ((ISchoolDirectoryStore)router).AddInstanceAsync(Instance(OtherSymbol), None);
        var remapped = new PostgreSqlShardOptions { DefaultConnectionString = ShardedSchema.FirstConnectionString, Schema = _schema.Name }
            .MapInstance(Symbol, ShardedSchema.SecondConnectionString);
        await using var moved = PostgreSqlShardRouter.Create(remapped);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => moved.MigrateAsync(None));

        Assert.Contains($"instance '{OtherSymbol}' is stored in", error.Message, StringComparison.Ordinal);
    }

    private static async Task SeedAsync(PostgreSqlShardRouter router)
    {
        await Fixtures.SeedAsync(router);
        Assert.Equal(StoreWriteResult.Success, await ((ISchoolDirectoryStore)router).AddUnitAsync(new SchoolUnit(OtherSymbol, "LO1", "Liceum", false), None));
    }
}
