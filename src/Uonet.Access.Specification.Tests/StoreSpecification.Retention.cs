using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Retention removes exactly what is due at the cut-off, nothing else, whatever the batch size: the same generated
// histories run here on every store and, with many more seeds, as a property on the in-memory store.
public abstract partial class StoreSpecification
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 7)]
    [InlineData(3, 500)]
    [InlineData(4, 1)]
    public async Task RetentionStore_GeneratedHistory_ExactlyWhatIsDueGoes(int seed, int batchSize)
    {
        // The account's own link was used when it was created, long before the cut-off.
        var (store, account) = await StoreWithAccountAsync();
        var history = RetentionHistory.Generate(seed, 12);
        await history.WriteAsync(store, account);

        await history.RetainAndCheckAsync(store, Assert.IsAssignableFrom<IRetentionStore>(store.Credentials), account, batchSize, spentTokensBefore: 1);
    }
}
