using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Storage;
using Uonet.Access.Tests.Mail;

namespace Uonet.Access.Tests.DependencyInjection;

// A host may take each store contract from a store of its choice, but a transaction cannot span two stores: the
// contracts whose writes are atomic together must come from one, and start-up says so instead of a mail that is
// queued without its change, or a device of an account the device store cannot see.
public sealed class StoresByContractTests
{
    private static readonly Type[] EveryContract =
    [
        typeof(ISchoolDirectoryStore), typeof(IStudentRecordStore), typeof(ICredentialStore), typeof(IOutboxStore), typeof(IDeviceStore),
        typeof(IMaintenanceStore), typeof(IImportRunStore), typeof(IRetentionStore), typeof(IPasskeyStore),
        typeof(IAccountStore), typeof(ILinkTokenStore), typeof(ISessionStore), typeof(IAttemptCounterStore), typeof(IAccountClosureStore),
        typeof(IAccountLinkStore), typeof(ISecurityEventStore),
    ];

    [Fact]
    public void UseEachContractStore_OneTypeForEveryContract_ValidatesAndOneInstanceServesThemAll()
    {
        var services = new ServiceCollection();
        AddReady(services)
            .UseSchoolDirectoryStore<InMemoryAccessStore>()
            .UseStudentRecordStore<InMemoryAccessStore>()
            .UseCredentialStore<InMemoryAccessStore>()
            .UseOutboxStore<InMemoryAccessStore>()
            .UseDeviceStore<InMemoryAccessStore>()
            .UseMaintenanceStore<InMemoryAccessStore>()
            .UseImportRunStore<InMemoryAccessStore>()
            .UseRetentionStore<InMemoryAccessStore>();
        using var provider = Build(services);

        provider.GetRequiredService<IStartupValidator>().Validate();

        var store = provider.GetRequiredService<InMemoryAccessStore>();
        Assert.All(EveryContract, contract => Assert.Same(store, provider.GetRequiredService(contract)));
    }

    [Fact]
    public void UseStore_AllInOne_EveryContractAndEveryPartOfTheCredentialStoreIsTheOneStore()
    {
        var services = new ServiceCollection();
        AddReady(services).UseStore(_ => new InMemoryAccessStore());
        using var provider = Build(services);

        provider.GetRequiredService<IStartupValidator>().Validate();

        var store = provider.GetRequiredService<ICredentialStore>();
        Assert.IsType<InMemoryAccessStore>(store);
        Assert.All(EveryContract, contract => Assert.Same(store, provider.GetRequiredService(contract)));
    }

    [Fact]
    public void UseCredentialStore_WithAFactory_ItsInstanceServesEveryPartAndTheOtherContractsOfItsType()
    {
        var created = new InMemoryAccessStore();
        var services = new ServiceCollection();
        AddReady(services)
            .UseStore<InMemoryAccessStore>()
            .UseCredentialStore(_ => created);
        using var provider = Build(services);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.All(EveryContract, contract => Assert.Same(created, provider.GetRequiredService(contract)));
    }

    [Fact]
    public void UseMaintenanceAndImportRunStore_StoresOfTheirOwn_ValidateAndStayApart()
    {
        // Neither is written in a transaction with anything else, so each may live elsewhere.
        var services = new ServiceCollection();
        AddReady(services)
            .UseStore<InMemoryAccessStore>()
            .UseMaintenanceStore<IMaintenanceStore>(_ => new InMemoryAccessStore())
            .UseImportRunStore<IImportRunStore>(_ => new InMemoryAccessStore());
        using var provider = Build(services);

        provider.GetRequiredService<IStartupValidator>().Validate();

        var main = provider.GetRequiredService<ICredentialStore>();
        Assert.NotSame(main, provider.GetRequiredService<IMaintenanceStore>());
        Assert.NotSame(main, provider.GetRequiredService<IImportRunStore>());
        Assert.NotSame(provider.GetRequiredService<IMaintenanceStore>(), provider.GetRequiredService<IImportRunStore>());
    }

    [Fact]
    public void Validate_OutboxMissing_FailsNamingTheContractAndHowToRegisterIt()
    {
        var services = new ServiceCollection();
        AddReady(services)
            .UseSchoolDirectoryStore<InMemoryAccessStore>()
            .UseStudentRecordStore<InMemoryAccessStore>()
            .UseCredentialStore<InMemoryAccessStore>()
            .UseDeviceStore<InMemoryAccessStore>()
            .UseMaintenanceStore<InMemoryAccessStore>()
            .UseImportRunStore<InMemoryAccessStore>();
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(error.Failures);
        Assert.Contains("IOutboxStore", failure, StringComparison.Ordinal);
        Assert.Contains(".UseOutboxStore<TStore>()", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OutboxFromAnotherStoreThanTheCredentials_FailsSayingTheyMustBeOne()
    {
        // A first-login link queued in one store while its token is written in another could be sent for a token that
        // was never stored, or never be sent for one that was (R3).
        var services = new ServiceCollection();
        AddReady(services)
            .UseStore<InMemoryAccessStore>()
            .UseOutboxStore<IOutboxStore>(_ => new InMemoryAccessStore());
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(error.Failures);
        Assert.Contains("IOutboxStore comes from IOutboxStore but ICredentialStore from InMemoryAccessStore", failure, StringComparison.Ordinal);
        Assert.Contains("transaction", failure, StringComparison.Ordinal);
        Assert.Contains(".UseCredentialStore<InMemoryAccessStore>().UseOutboxStore<InMemoryAccessStore>()", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DevicesFromAnotherStoreThanTheAccounts_Fails_R7_R9()
    {
        var services = new ServiceCollection();
        AddReady(services)
            .UseStore<InMemoryAccessStore>()
            .UseDeviceStore<IDeviceStore>(_ => new InMemoryAccessStore());
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("IDeviceStore comes from IDeviceStore but ICredentialStore from InMemoryAccessStore", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RecordsFromAnotherStoreThanTheDirectory_FailsForTheUnitsAndForTheSnapshots_R5()
    {
        // The in-memory store reads request snapshots over its own records: a record store elsewhere would make the
        // pupils a page shows differ from those the records hold.
        var services = new ServiceCollection();
        AddReady(services)
            .UseStore<InMemoryAccessStore>()
            .UseStudentRecordStore<IStudentRecordStore>(_ => new InMemoryAccessStore());
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.Contains("IStudentRecordStore comes from IStudentRecordStore but ISchoolDirectoryStore from InMemoryAccessStore", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("reads request snapshots", StringComparison.Ordinal) && f.Contains("ICredentialStore", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("reads request snapshots", StringComparison.Ordinal) && f.Contains("IDeviceStore", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RetentionFromAnotherStore_FailsBecauseItDeletesTheRowsOfBoth()
    {
        var services = new ServiceCollection();
        AddReady(services)
            .UseStore<InMemoryAccessStore>()
            .UseRetentionStore<IRetentionStore>(_ => new InMemoryAccessStore());
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(2, error.Failures.Count(f => f.StartsWith("Uonet.Access: IRetentionStore comes from IRetentionStore", StringComparison.Ordinal)));
    }

    [Fact]
    public void Validate_NoStoreAtAll_FailsOnceWithTheAllInOneAdvice()
    {
        var services = new ServiceCollection();
        AddReady(services);
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(UonetAccessOptionsValidator.MissingStoreMessage, Assert.Single(error.Failures));
    }

    private static UonetAccessBuilder AddReady(IServiceCollection services) =>
        services.AddUonetAccess(o =>
        {
            o.EnvironmentName = "Development";
            o.Mail.Protection.Keys["k1"] = TestMailKeys.NewKey();
        }).UseMailSender(_ => new RecordingMailSender());

    private static ServiceProvider Build(IServiceCollection services) =>
        services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
}
