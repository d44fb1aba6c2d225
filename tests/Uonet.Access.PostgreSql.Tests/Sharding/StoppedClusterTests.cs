using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Sharding;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests.Sharding;

/// <summary>
/// One PostgreSQL cluster of the sharded store stops answering (a real server, stopped with eng/postgres.sh): the
/// instances of the other cluster keep working, every operation that needs the stopped one fails at once with an error
/// that names its instances, and nothing is left half written in either cluster.
/// </summary>
public sealed class StoppedClusterTests : IDisposable
{
    // Far more than a refused connection takes (milliseconds), far less than a hang.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(20);

    private static CancellationToken None => CancellationToken.None;

    private readonly ShardedSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task Router_SecondClusterStopped_FirstClusterInstancesKeepWorking()
    {
        using var cluster = await ThrowawayCluster.StartAsync();
        var router = await _schema.CreateRouterAsync(secondConnectionString: cluster.ConnectionString);
        var otherNode = await _schema.CreateRouterAsync(secondConnectionString: cluster.ConnectionString);
        await SeedAsync(router);
        var here = await CreateAccountAsync(router, ParentEmail, Symbol);
        await CreateAccountThereAsync(router);
        var session = Session(here);
        await ((ICredentialStore)router).CreateSessionAsync(session, null, None);

        await cluster.StopAsync();

        // The other node has never seen the session: it asks both clusters, and the answering one has it.
        Assert.Equal(session.Id, (await ((IRequestSnapshotStore)otherNode).ReadSessionSnapshotAsync(session.Id, None).WaitAsync(Prompt))!.Session.Id);
        Assert.Equal(here.Id, (await ((ICredentialStore)otherNode).FindAccountByIdAsync(here.Id, None).WaitAsync(Prompt))!.Id);
        Assert.Equal(here.Id, (await ((ICredentialStore)router).FindAccountAsync(Symbol, ParentEmail, None))!.Id);
        Assert.Equal(1, (await ((ICredentialStore)router).RecordAttemptAsync($"signin:address:{Symbol}:{ParentEmail}", Now, new AttemptPolicy(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5)), null, None)).Count);
        await ((ICredentialStore)router).CreateSessionAsync(Session(here), null, None);
        await ((ICredentialStore)router).RecordLinkRequestAsync(LinkToken(ParentEmail, Symbol), NewMail(kind: MailKind.AccessLink), Now, null, None);
        var claimed = await ((IOutboxStore)otherNode).ClaimDueAsync(Now.AddMinutes(5), 10, Now.AddMinutes(15), None).WaitAsync(Prompt);
        Assert.NotEmpty(claimed);
        Assert.All(claimed, m => Assert.Equal(Symbol, m.InstanceSymbol));
        Assert.Single(await ((IStudentRecordStore)router).FindStudentsByEmailAsync(Symbol, ParentEmail, None));
    }

    [Fact]
    public async Task Router_SecondClusterStopped_ItsOperationsFailPromptlyNamingItsInstances()
    {
        using var cluster = await ThrowawayCluster.StartAsync();
        var router = await _schema.CreateRouterAsync(secondConnectionString: cluster.ConnectionString);
        var otherNode = await _schema.CreateRouterAsync(secondConnectionString: cluster.ConnectionString);
        await SeedAsync(router);
        var there = await CreateAccountThereAsync(router);

        await cluster.StopAsync();

        Func<Task>[] needTheStoppedCluster =
        [
            () => ((ICredentialStore)router).FindAccountAsync(OtherSymbol, ParentEmail, None),
            () => ((ICredentialStore)router).RecordLinkRequestAsync(LinkToken(ParentEmail, OtherSymbol), MailThere(MailKind.AccessLink), Now, null, None),
            () => ((IStudentRecordStore)router).FindStudentsByEmailAsync(OtherSymbol, ParentEmail, None),
            () => ((ISchoolDirectoryStore)router).ListUnitsAsync(OtherSymbol, None),
            () => ((ICredentialStore)router).RecordAttemptAsync($"signin:address:{OtherSymbol}:{ParentEmail}", Now, new AttemptPolicy(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5)), null, None),

            // Spanning every instance, or an id only the silent cluster may hold: an error, never a partial or "not found".
            () => ((ISchoolDirectoryStore)router).ListInstancesAsync(None),
            () => ((IStudentRecordStore)router).FindInstancesByEmailAsync(ParentEmail, None),
            () => ((ICredentialStore)otherNode).FindAccountByIdAsync(there.Id, None),
            () => ((ICredentialStore)otherNode).FindSessionAsync(Guid.NewGuid(), None),
            () => ((ICredentialStore)otherNode).FindLinkTokenAsync(HashOf("unknown"), None),
        ];
        foreach (var operation in needTheStoppedCluster)
        {
            var error = await Assert.ThrowsAsync<PostgreSqlShardUnavailableException>(() => operation().WaitAsync(Prompt));
            Assert.Equal(ShardedSchema.SecondClusterInstances.Order(), error.Instances);
            Assert.Contains(OtherSymbol, error.Message, StringComparison.Ordinal);
            Assert.IsAssignableFrom<NpgsqlException>(error.InnerException);
        }
    }

    [Fact]
    public async Task LinkAccountsAsync_OtherClusterStopped_FailsAndNoSideIsLeft_R6()
    {
        using var cluster = await ThrowawayCluster.StartAsync();
        var router = await _schema.CreateRouterAsync(secondConnectionString: cluster.ConnectionString);
        await SeedAsync(router);
        var here = await CreateAccountAsync(router, ParentEmail, Symbol);
        var there = await CreateAccountThereAsync(router);
        var lockout = $"signin:address:{OtherSymbol}:{ParentEmail}";

        await cluster.StopAsync();
        await Assert.ThrowsAsync<PostgreSqlShardUnavailableException>(() => ((ICredentialStore)router).LinkAccountsAsync(here.Id, there.Id, Now, None).WaitAsync(Prompt));
        await Assert.ThrowsAsync<PostgreSqlShardUnavailableException>(() => ((ICredentialStore)router).RecordLinkRequestAsync(LinkToken(ParentEmail, OtherSymbol), MailThere(MailKind.AccessLink), Now, null, None).WaitAsync(Prompt));
        await cluster.RestartAsync();

        // Both clusters as they were before the stop: no side of the link, no token, mail or counter of the failed writes.
        Assert.Empty(await _schema.FirstAsync<Guid>("SELECT account_id FROM {schema}.remote_account_links;"));
        var after = new NpgsqlDataSourceBuilder(cluster.ConnectionString).Build();
        await using (after)
        {
            Assert.Empty(await ShardedSchema.QueryAsync<Guid>(after, _schema.Name, "SELECT account_id FROM {schema}.remote_account_links;"));
            Assert.Equal([1L], await ShardedSchema.QueryAsync<long>(after, _schema.Name, "SELECT count(*) FROM {schema}.link_tokens;"));
            Assert.Equal([1L], await ShardedSchema.QueryAsync<long>(after, _schema.Name, "SELECT count(*) FROM {schema}.outbox;"));
            Assert.Empty(await ShardedSchema.QueryAsync<string>(after, _schema.Name, "SELECT key FROM {schema}.attempts;"));
        }

        // Back, the cluster serves again, and the link can be made whole.
        var recovered = await _schema.CreateRouterAsync(secondConnectionString: cluster.ConnectionString);
        Assert.Empty(await ((ICredentialStore)recovered).ListLinkedAccountsAsync(here.Id, None));
        await ((ICredentialStore)recovered).LinkAccountsAsync(here.Id, there.Id, Now, None);
        Assert.Equal([there.Id], await ((ICredentialStore)recovered).ListLinkedAccountsAsync(here.Id, None));
        Assert.Equal([here.Id], await ((ICredentialStore)recovered).ListLinkedAccountsAsync(there.Id, None));
        Assert.Equal(0, (await ((ICredentialStore)recovered).GetAttemptsAsync(lockout, Now, None)).Count);
    }

    private static OutboxMessage MailThere(MailKind kind) => NewMail(kind: kind) with { InstanceSymbol = OtherSymbol };

    private static async Task SeedAsync(ISchoolDirectoryStore directory)
    {
        await Fixtures.SeedAsync(directory);
        Assert.Equal(StoreWriteResult.Success, await directory.AddUnitAsync(new SchoolUnit(OtherSymbol, "LO1", "Liceum Ogólnokształcące nr 1", false), None));
        var jan = Student(guardians: [Guardian(ParentEmail)]);
        Assert.Equal(StoreWriteResult.Success, await ((IStudentRecordStore)directory).InsertStudentAsync(jan, Audit(jan), None));
    }

    // As the first login writes it, with the mail of the account's own instance.
    private static async Task<Account> CreateAccountThereAsync(ICredentialStore store)
    {
        var token = LinkToken(ParentEmail, OtherSymbol);
        await store.RecordLinkRequestAsync(token, null, token.CreatedAt, None);
        var account = Account(ParentEmail, OtherSymbol);
        Assert.Equal(LinkTokenConsumption.Consumed, await store.ConsumeLinkTokenAsync(token.TokenHash, Now.AddMinutes(1), account, null, MailThere(MailKind.PasswordSet), None));
        return account;
    }

    private static AccessSession Session(Account account) => new()
    {
        Id = Guid.NewGuid(),
        SecretHash = HashOf(Guid.NewGuid().ToString("N")),
        AccountId = account.Id,
        InstanceSymbol = account.InstanceSymbol,
        SecurityStamp = account.SecurityStamp,
        CreatedAt = Now,
        LastSeenAt = Now,
        ExpiresAt = Now.AddHours(12),
    };
}
