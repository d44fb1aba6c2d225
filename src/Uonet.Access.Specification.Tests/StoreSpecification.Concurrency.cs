using Uonet.Access.Credentials;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Workflows and web nodes write without holding any lock of their own: the store's conditional writes are
// the only thing that stops lost updates, duplicate audit entries, a link used twice, an attempt limit
// outrun by parallel guesses, and a mail sent by two dispatchers.
public abstract partial class StoreSpecification
{
    private const int Parallelism = 32;

    [Fact]
    public async Task UpdateStudentAsync_ParallelCallsWithSameExpectedVersion_ExactlyOneSucceeds()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student(guardians: [Guardian("anna.kowalska@example.pl")]));
        var attempts = Enumerable.Range(0, Parallelism)
            .Select(i =>
            {
                var updated = NextVersion(record) with { Guardians = [record.Guardians[0] with { Email = $"anna.kowalska+{i}@example.pl" }] };
                return (Record: updated, Audit: ChangedAudit(updated, updated.UpdatedAt, $"guardian[{updated.Guardians[0].Id:N}].email", "anna.kowalska@example.pl", updated.Guardians[0].Email));
            })
            .ToList();

        var results = await Fixtures.RunTogetherAsync(attempts.Select(a =>
            (Func<Task<StoreWriteResult>>)(() => store.Records.UpdateStudentAsync(a.Record, record.Version, a.Audit, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == StoreWriteResult.Success));
        Assert.Equal(Parallelism - 1, results.Count(r => r == StoreWriteResult.Conflict));
        var winnerIndex = Array.IndexOf(results, StoreWriteResult.Success);
        var winner = attempts[winnerIndex];
        AssertSameRecord(winner.Record, await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
        var trail = await store.Records.ListAuditAsync(Symbol, record.Id, 100, CancellationToken.None);
        Assert.Equal(2, trail.Count);
        Assert.Contains(trail, a => a.Id == winner.Audit.Id);
        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, "anna.kowalska@example.pl", CancellationToken.None));
        Assert.Equal([record.Id], IdsOf(await store.Records.FindStudentsByEmailAsync(Symbol, winner.Record.Guardians[0].Email!, CancellationToken.None)));
        foreach (var loser in attempts.Where((_, i) => i != winnerIndex))
        {
            Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, loser.Record.Guardians[0].Email!, CancellationToken.None));
        }
    }

    [Fact]
    public async Task InsertStudentAsync_ParallelDistinctRecords_AllSucceedAndFindableByEmail()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var records = Enumerable.Range(0, Parallelism)
            .Select(i => Student("Uczeń", $"Numer{i:D2}", i % 2 == 0 ? "4A" : "4B", email: $"uczen{i:D2}@uczen.sp1.edu.pl", guardians: [Guardian("rada.rodzicow@example.pl")]))
            .ToList();

        var results = await Fixtures.RunTogetherAsync(records.Select(r =>
            (Func<Task<StoreWriteResult>>)(() => store.Records.InsertStudentAsync(r, AddedAudit(r, Entered), CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(StoreWriteResult.Success, r));
        foreach (var record in records)
        {
            AssertSameRecord(record, Assert.Single(await store.Records.FindStudentsByEmailAsync(Symbol, record.Email!, CancellationToken.None)));
        }

        Assert.Equal(IdsOf(records), IdsOf(await store.Records.FindStudentsByEmailAsync(Symbol, "rada.rodzicow@example.pl", CancellationToken.None)));
        Assert.Equal(Parallelism, (await store.Records.ListStudentsAsync(Symbol, Sp1, null, CancellationToken.None)).Count);
        Assert.Equal(Parallelism, (await store.Records.ListAuditAsync(Symbol, null, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task InsertStudentAsync_ParallelCallsWithSameId_ExactlyOneSucceeds()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var id = Guid.NewGuid();
        var records = Enumerable.Range(0, Parallelism)
            .Select(i => Student(email: $"jan.kowalski{i:D2}@example.pl") with { Id = id })
            .ToList();

        var results = await Fixtures.RunTogetherAsync(records.Select(r =>
            (Func<Task<StoreWriteResult>>)(() => store.Records.InsertStudentAsync(r, AddedAudit(r, Entered), CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == StoreWriteResult.Success));
        Assert.Equal(Parallelism - 1, results.Count(r => r == StoreWriteResult.Duplicate));
        var winnerIndex = Array.IndexOf(results, StoreWriteResult.Success);
        var winner = records[winnerIndex];
        AssertSameRecord(winner, await store.Records.FindStudentAsync(Symbol, id, CancellationToken.None));
        Assert.Single(await store.Records.ListAuditAsync(Symbol, id, 100, CancellationToken.None));
        Assert.Equal([Symbol], await store.Records.FindInstancesByEmailAsync(winner.Email!, CancellationToken.None));
        foreach (var loser in records.Where((_, i) => i != winnerIndex))
        {
            Assert.Empty(await store.Records.FindInstancesByEmailAsync(loser.Email!, CancellationToken.None));
        }
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_ParallelCallsWithOneToken_ExactlyOneConsumedOneAccountOneMail_R3()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());
        var now = Requested.AddMinutes(5);
        var attempts = Enumerable.Range(0, Parallelism)
            .Select(_ => (Account: NewAccount(createdAt: now), Mail: NewMail(createdAt: now)))
            .ToList();

        var results = await Fixtures.RunTogetherAsync(attempts.Select(a =>
            (Func<Task<LinkTokenConsumption>>)(() => store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, now, a.Account, null, a.Mail, CancellationToken.None))));

        Assert.Equal(1, results.Count(r => r == LinkTokenConsumption.Consumed));
        Assert.Equal(Parallelism - 1, results.Count(r => r == LinkTokenConsumption.AlreadyUsed));
        var winnerIndex = Array.IndexOf(results, LinkTokenConsumption.Consumed);
        var winner = attempts[winnerIndex];
        AssertSameAccount(winner.Account, await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        foreach (var loser in attempts.Where((_, i) => i != winnerIndex))
        {
            Assert.Null(await store.Credentials.FindAccountByIdAsync(loser.Account.Id, CancellationToken.None));
        }

        AssertSameMail(winner.Mail, Assert.Single(await AllMailAsync(store)));
        Assert.Equal(now, (await store.Credentials.FindLinkTokenAsync(token.TokenHash, CancellationToken.None))?.ConsumedAt);
    }

    [Fact]
    public async Task RecordAttemptAsync_ParallelAttemptsOnOneKey_ExactlyLimitAcceptedThenLocked()
    {
        var store = await CreateStoreAsync();
        var policy = new AttemptPolicy(10, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));

        var results = await Fixtures.RunTogetherAsync(Enumerable.Range(0, Parallelism).Select(_ =>
            (Func<Task<AttemptState>>)(() => store.Credentials.RecordAttemptAsync(AttemptKey, Requested, policy, CancellationToken.None))));

        var accepted = results.Where(r => r.Accepted).ToList();
        Assert.Equal(10, accepted.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9], accepted.Where(r => r.LockedUntil is null).Select(r => r.Count).Order());
        Assert.Equal(Requested.AddMinutes(30), Assert.Single(accepted, r => r.LockedUntil is not null).LockedUntil);
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(Requested.AddMinutes(30), r.LockedUntil));
        Assert.Equal(
            new AttemptState(0, Requested.AddMinutes(30), Requested.AddMinutes(30)),
            await store.Credentials.GetAttemptsAsync(AttemptKey, Requested.AddSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task ClaimDueAsync_TwoParallelDispatchers_NeverShareAMessageAndTogetherClaimAll()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var mails = Enumerable.Range(0, 100)
            .Select(i => NewMail($"rodzic{i:D3}@example.pl", createdAt: Requested.AddSeconds(i)))
            .ToList();
        foreach (var mail in mails)
        {
            await store.Outbox.EnqueueAsync(mail, CancellationToken.None);
        }

        var claims = await Fixtures.RunTogetherAsync(Enumerable.Range(0, 2).Select(_ =>
            (Func<Task<List<Guid>>>)(async () =>
            {
                // Bounded, so that a store that hands out claimed messages again fails here instead of looping forever.
                var mine = new List<Guid>();
                for (var round = 0; round <= mails.Count / 10; round++)
                {
                    var batch = await store.Outbox.ClaimDueAsync(Dispatched, 10, LeaseEnds, CancellationToken.None);
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    mine.AddRange(batch.Select(m => m.Id));
                }

                return mine;
            })));

        Assert.Empty(claims[0].Intersect(claims[1]));
        Assert.Equal(100, claims[0].Count + claims[1].Count);
        Assert.Equal(mails.Select(m => m.Id).Order(), claims[0].Concat(claims[1]).Order());
    }
}
