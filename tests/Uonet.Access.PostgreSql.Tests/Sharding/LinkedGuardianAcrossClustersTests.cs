using System.Collections.Concurrent;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Sharding;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests.Sharding;

/// <summary>
/// The opt-in cross-instance view (R6) through the library's own workflows on the sharded store: Anna Nowak's daughter
/// Ola is in <c>gminawulkanowo</c> (first cluster), her son Piotr in <c>powiatwulkanowy</c> (second cluster).
/// </summary>
public sealed class LinkedGuardianAcrossClustersTests : IAsyncDisposable
{
    private const string Mother = "anna.nowak@example.pl";
    private const string PasswordHere = "kot ma ale i psa burka";
    private const string PasswordThere = "pies ma kota i rybke";

    private readonly ShardedSchema _schema = new();
    private readonly ConcurrentQueue<OutboxMessage> _sent = new();
    private readonly ServiceProvider _services;

    public LinkedGuardianAcrossClustersTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Development";
                o.EnableCrossInstanceView = true;
                o.PasswordHashing.MemoryKiB = 64;
                o.PasswordHashing.Iterations = 1;
            })
            .UsePostgreSqlShards(o =>
            {
                var map = _schema.Options();
                o.DefaultConnectionString = map.DefaultConnectionString;
                o.Schema = map.Schema;
                foreach (var instance in map.Instances)
                {
                    o.Instances.Add(instance);
                }
            })
            .UseMailSender(_ => new Recording(_sent));
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task ResolveAllAsync_GuardianLinkedAcrossTwoClusters_SeesBothChildren_R6()
    {
        await SeedAsync(Symbol, "Gmina Wulkanowo", "SP1", "Ola", "15220123459");
        await SeedAsync(OtherSymbol, "Powiat Wulkanowy", "LO1", "Piotr", "15230301012");
        await SetPasswordAsync(Symbol, PasswordHere);
        await SetPasswordAsync(OtherSymbol, PasswordThere);
        var ticket = await SignInAsync(Symbol, PasswordHere);
        var linked = Get<LinkedInstances>();

        var before = await linked.ResolveAllAsync(ticket);
        var offered = await linked.DiscoverAsync(ticket);
        var link = await linked.LinkAsync(ticket, OtherSymbol, PasswordThere);
        var after = await linked.ResolveAllAsync(ticket);

        Assert.True(before.Succeeded, before.ToString());
        Assert.Equal(["Ola"], before.Value.Select(p => p.FirstName));
        Assert.Equal([OtherSymbol], offered.Value.Select(i => i.Symbol));
        Assert.True(link.Succeeded, link.ToString());
        Assert.True(after.Succeeded, after.ToString());
        Assert.Equal([(Symbol, "Ola"), (OtherSymbol, "Piotr")], after.Value.Select(p => (p.InstanceSymbol, p.FirstName)));

        // One side of the link in each cluster, each naming the other account.
        var router = Get<PostgreSqlShardRouter>();
        var here = await ((ICredentialStore)router).FindAccountAsync(Symbol, Mother, CancellationToken.None);
        var there = await ((ICredentialStore)router).FindAccountAsync(OtherSymbol, Mother, CancellationToken.None);
        Assert.Equal([there!.Id], await _schema.FirstAsync<Guid>("SELECT linked_account_id FROM {schema}.remote_account_links WHERE account_id = @id;", ("id", here!.Id)));
        Assert.Equal([here.Id], await _schema.SecondAsync<Guid>("SELECT linked_account_id FROM {schema}.remote_account_links WHERE account_id = @id;", ("id", there.Id)));
    }

    [Fact]
    public async Task UnlinkAsync_GuardianLinkedAcrossTwoClusters_BothSidesGoAndOnlyOwnChildStays_R6()
    {
        await SeedAsync(Symbol, "Gmina Wulkanowo", "SP1", "Ola", "15220123459");
        await SeedAsync(OtherSymbol, "Powiat Wulkanowy", "LO1", "Piotr", "15230301012");
        await SetPasswordAsync(Symbol, PasswordHere);
        await SetPasswordAsync(OtherSymbol, PasswordThere);
        var ticket = await SignInAsync(Symbol, PasswordHere);
        var linked = Get<LinkedInstances>();
        Assert.True((await linked.LinkAsync(ticket, OtherSymbol, PasswordThere)).Succeeded);

        var unlinked = await linked.UnlinkAsync(ticket, OtherSymbol);
        var after = await linked.ResolveAllAsync(ticket);

        Assert.True(unlinked.Succeeded, unlinked.ToString());
        Assert.Equal(["Ola"], after.Value.Select(p => p.FirstName));
        Assert.Empty(await _schema.FirstAsync<Guid>("SELECT account_id FROM {schema}.remote_account_links;"));
        Assert.Empty(await _schema.SecondAsync<Guid>("SELECT account_id FROM {schema}.remote_account_links;"));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _schema.Dispose();
    }

    private T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    private async Task SeedAsync(string symbol, string name, string unit, string child, string pesel)
    {
        var directory = Get<SchoolDirectory>();
        const string secretary = "sekretariat@szkola.edu.pl";
        Assert.True((await directory.AddInstanceAsync(symbol, name, $"https://uonetplus.example.pl/{symbol}/")).Succeeded);
        Assert.True((await directory.AddUnitAsync(symbol, unit, $"Szkoła {unit}")).Succeeded);
        Assert.True((await directory.AssignStaffAsync(symbol, secretary, "Ewa Sekretarz", new StaffAssignment(StaffRole.Secretary, unit))).Succeeded);
        var added = await Get<StudentRecords>().AddStudentAsync(new StaffActor(symbol, secretary), new NewStudent
        {
            UnitCode = unit,
            ClassName = "1a",
            FirstName = child,
            LastName = "Nowak",
            Pesel = pesel,
            Guardians = [new GuardianDetails { FirstName = "Anna", LastName = "Nowak", Email = Mother, Relation = GuardianRelation.Mother }],
        });
        Assert.True(added.Succeeded, added.ToString());
    }

    // The first login in one instance (R3): the link from the mail, then the password.
    private async Task SetPasswordAsync(string symbol, string password)
    {
        Assert.True((await Get<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = symbol, Email = Mother })).Succeeded);
        await Get<OutboxDispatcher>().DispatchPendingAsync();
        var link = _sent.Last(m => m.Kind == MailKind.AccessLink && m.InstanceSymbol == symbol).Link!;
        var token = HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!;
        var completed = await Get<RestoreAccess>().CompleteAsync(new CompleteAccessRequest { Token = token, Password = password });
        Assert.True(completed.Succeeded, completed.ToString());
    }

    private async Task<string> SignInAsync(string symbol, string password)
    {
        var result = await Get<AccountSignIn>().SignInAsync(new SignInRequest { InstanceSymbol = symbol, Email = Mother, Password = password });
        Assert.Equal(SignInOutcome.Success, result.Outcome);
        return result.SessionTicket!;
    }

    private sealed class Recording(ConcurrentQueue<OutboxMessage> sent) : IMailSender
    {
        public Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            sent.Enqueue(message);
            return Task.FromResult(MailDeliveryResult.Delivered);
        }
    }
}
