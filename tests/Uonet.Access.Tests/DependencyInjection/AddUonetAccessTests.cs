using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Credentials;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Eligibility;
using Uonet.Access.Import;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using Uonet.Access.Tests.Mail;

namespace Uonet.Access.Tests.DependencyInjection;

public sealed class AddUonetAccessTests
{
    [Fact]
    public void AddUonetAccess_CalledTwice_RegistersEachServiceOnceAndResolves()
    {
        var services = new ServiceCollection();

        AddReady(services);
        AddReady(services).UseInMemoryStore();

        foreach (var type in new[]
        {
            typeof(SchoolDirectory), typeof(StudentRecords), typeof(StudentRecordImport), typeof(PupilResolver), typeof(LoginDiagnosis),
            typeof(TimeProvider), typeof(ISchoolDirectoryStore), typeof(IStudentRecordStore), typeof(IValidateOptions<UonetAccessOptions>),
        })
        {
            Assert.Single(services, d => d.ServiceType == type);
        }

        using var provider = Build(services);
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<StudentRecords>());
        Assert.NotNull(provider.GetRequiredService<StudentRecordImport>());
        Assert.NotNull(provider.GetRequiredService<PupilResolver>());
        Assert.NotNull(provider.GetRequiredService<LoginDiagnosis>());
    }

    [Fact]
    public void AddUonetAccess_CalledAgainAfterStoreWasChosen_KeepsTheStore()
    {
        var services = new ServiceCollection();

        AddReady(services).UseInMemoryStore();
        AddReady(services);
        using var provider = Build(services);

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<InMemoryAccessStore>(provider.GetRequiredService<IStudentRecordStore>());
    }

    [Fact]
    public void AddUonetAccess_CalledTwiceWithOptions_AppliesBothConfigurations()
    {
        var services = new ServiceCollection();

        AddReady(services, o => o.Import.MaxRows = 50).UseInMemoryStore();
        AddReady(services, o => o.Diagnosis.RevealOtherInstances = false);
        using var provider = Build(services);

        var options = provider.GetRequiredService<IOptions<UonetAccessOptions>>().Value;
        Assert.Equal((50, false), (options.Import.MaxRows, options.Diagnosis.RevealOtherInstances));
    }

    [Fact]
    public void AddUonetAccess_WithoutOwnTimeProvider_UsesSystemClock()
    {
        var services = new ServiceCollection();

        AddReady(services).UseInMemoryStore();
        using var provider = Build(services);

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task AddUonetAccess_HostTimeProviderRegisteredBefore_WinsAndStampsRecords()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);

        AddReady(services).UseInMemoryStore();
        await using var provider = Build(services);

        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
        var directory = provider.GetRequiredService<SchoolDirectory>();
        Assert.True((await directory.AddInstanceAsync("gminawulkanowo", "Gmina Wulkanowo", "https://uonetplus.example.pl/gminawulkanowo/")).Succeeded);
        Assert.True((await directory.AddUnitAsync("gminawulkanowo", "SP1", "Szkoła Podstawowa nr 1")).Succeeded);
        Assert.True((await directory.AssignStaffAsync("gminawulkanowo", "sekretariat@sp1.edu.pl", "Anna Sekretarz", new StaffAssignment(StaffRole.Secretary, "SP1"))).Succeeded);
        time.Advance(TimeSpan.FromHours(3));
        var added = await provider.GetRequiredService<StudentRecords>().AddStudentAsync(
            new StaffActor("gminawulkanowo", "sekretariat@sp1.edu.pl"),
            new NewStudent { UnitCode = "SP1", ClassName = "4a", FirstName = "Ola", LastName = "Nowak" });

        Assert.Equal(new DateTimeOffset(2026, 9, 1, 11, 0, 0, TimeSpan.Zero), added.Value.CreatedAt);
    }

    [Fact]
    public void AddUonetAccess_WithoutStore_StartupValidationFailsNamingUseInMemoryStore()
    {
        var services = new ServiceCollection();
        AddReady(services);
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(typeof(UonetAccessOptions), error.OptionsType);
        var failure = Assert.Single(error.Failures);
        Assert.Contains("UseInMemoryStore()", failure, StringComparison.Ordinal);
        Assert.Contains("UseSqlite", failure, StringComparison.Ordinal);
        Assert.Contains("UseInMemoryStore()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUonetAccess_WithoutStore_ResolvingAServiceThrowsTheSameActionableMessage()
    {
        var services = new ServiceCollection();
        AddReady(services);
        using var provider = Build(services);
        var startupFailure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate()).Failures.Single();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<StudentRecords>());

        Assert.Contains("UseInMemoryStore()", error.Message, StringComparison.Ordinal);
        Assert.Equal(startupFailure, error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void AddUonetAccess_ImportMaxRowsOutOfRange_StartupValidationReportsIt(int maxRows)
    {
        var services = new ServiceCollection();
        AddReady(services, o => o.Import.MaxRows = maxRows).UseInMemoryStore();
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(error.Failures);
        Assert.Contains("Import.MaxRows", failure, StringComparison.Ordinal);
        Assert.Contains($"it is {maxRows}", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_000_000)]
    public void AddUonetAccess_ImportMaxRowsAtLimits_PassesValidation(int maxRows)
    {
        var services = new ServiceCollection();
        AddReady(services, o => o.Import.MaxRows = maxRows).UseInMemoryStore();
        using var provider = Build(services);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(maxRows, provider.GetRequiredService<IOptions<UonetAccessOptions>>().Value.Import.MaxRows);
    }

    [Fact]
    public void AddUonetAccess_NoStoreAndInvalidMaxRows_ReportsBothInOneException()
    {
        var services = new ServiceCollection();
        AddReady(services, o => o.Import.MaxRows = 0);
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("UseInMemoryStore()", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Import.MaxRows", StringComparison.Ordinal));
        Assert.Contains("UseInMemoryStore()", error.Message, StringComparison.Ordinal);
        Assert.Contains("Import.MaxRows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseInMemoryStore_BothStoreInterfaces_ResolveTheSameInstance()
    {
        var services = new ServiceCollection();
        AddReady(services).UseInMemoryStore();
        using var provider = Build(services);

        var directory = provider.GetRequiredService<ISchoolDirectoryStore>();
        var records = provider.GetRequiredService<IStudentRecordStore>();

        Assert.IsType<InMemoryAccessStore>(directory);
        Assert.Same(directory, records);
        Assert.Same(directory, provider.GetRequiredService<InMemoryAccessStore>());
    }

    [Fact]
    public void UseStore_GenericCreatedByContainer_ResolvesOneInstanceForBothInterfaces()
    {
        var services = new ServiceCollection();
        AddReady(services).UseStore<InMemoryAccessStore>();
        using var provider = Build(services);

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Same(provider.GetRequiredService<ISchoolDirectoryStore>(), provider.GetRequiredService<IStudentRecordStore>());
    }

    [Fact]
    public void UseStore_CalledTwice_LastStoreWins()
    {
        var first = new InMemoryAccessStore();
        var second = new InMemoryAccessStore();
        var services = new ServiceCollection();

        AddReady(services).UseStore(_ => first).UseStore(_ => second);
        using var provider = Build(services);

        Assert.Same(second, provider.GetRequiredService<ISchoolDirectoryStore>());
        Assert.Same(second, provider.GetRequiredService<IStudentRecordStore>());
    }

    [Fact]
    public void AddUonetAccess_NullServices_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => UonetAccessServiceCollectionExtensions.AddUonetAccess(null!));
    }

    [Fact]
    public void AddUonetAccess_WithoutMailSender_StartupValidationNamesTheChoices()
    {
        var services = new ServiceCollection();
        services.AddUonetAccess(o => o.EnvironmentName = "Development").UseInMemoryStore();
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(error.Failures);
        Assert.Contains("UsePickupFolder", failure, StringComparison.Ordinal);
        Assert.Contains("UseSmtp", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void AddUonetAccess_DevelopmentHumanCheckOutsideDevelopment_RefusesToStart(string environment)
    {
        var services = new ServiceCollection();
        AddReady(services, o => o.EnvironmentName = environment).UseInMemoryStore();
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(error.Failures);
        Assert.Contains("DevelopmentHumanCheck", failure, StringComparison.Ordinal);
        Assert.Contains("UseHumanCheck", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUonetAccess_DevelopmentHumanCheckExplicitlyAllowed_Starts()
    {
        var services = new ServiceCollection();
        AddReady(services, o => { o.EnvironmentName = "Production"; o.AccessLinks.AllowDevelopmentHumanCheck = true; }).UseInMemoryStore();
        using var provider = Build(services);

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void AddUonetAccess_HostHumanCheck_StartsInProduction()
    {
        var services = new ServiceCollection();
        AddReady(services, o => o.EnvironmentName = "Production").UseInMemoryStore().UseHumanCheck<RefusingHumanCheck>();
        using var provider = Build(services);

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<RefusingHumanCheck>(provider.GetRequiredService<IHumanCheck>());
    }

    [Fact]
    public void AddUonetAccess_NoMailKeyInProduction_RefusesToStartSayingHowToConfigureOne()
    {
        var services = new ServiceCollection();
        AddReady(services, o => { o.EnvironmentName = "Production"; o.Mail.Protection.Keys.Clear(); }).UseInMemoryStore().UseHumanCheck<RefusingHumanCheck>();
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failure = Assert.Single(error.Failures);
        Assert.Contains("Mail.Protection.Keys", failure, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", failure, StringComparison.Ordinal);
        Assert.Contains("UseDataProtectionMailProtector", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k1", "bm90IDMyIGJ5dGVz", null, "not a base64 string of 32 bytes")]
    [InlineData("k1", "%%%", null, "not a base64 string of 32 bytes")]
    [InlineData("klucz z spacją", null, null, "is not 1–32 letters")]
    [InlineData("k1", null, "k9", "CurrentKeyId 'k9' is not one of the keys")]
    public void AddUonetAccess_MalformedMailKeys_RefusesToStartNamingTheProblem(string id, string? key, string? current, string expected)
    {
        var services = new ServiceCollection();
        AddReady(services, o =>
        {
            o.Mail.Protection.Keys.Clear();
            o.Mail.Protection.Keys[id] = key ?? TestMailKeys.NewKey();
            o.Mail.Protection.CurrentKeyId = current;
        }).UseInMemoryStore();
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void AddUonetAccess_SeveralMailKeysWithoutACurrentOne_RefusesToStart()
    {
        var services = new ServiceCollection();
        AddReady(services, o => o.Mail.Protection.Keys["k2"] = TestMailKeys.NewKey()).UseInMemoryStore();
        using var provider = Build(services);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("CurrentKeyId", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void AddUonetAccess_HostsOwnMailProtector_StartsInProductionWithoutKeys()
    {
        var services = new ServiceCollection();
        AddReady(services, o => { o.EnvironmentName = "Production"; o.Mail.Protection.Keys.Clear(); })
            .UseInMemoryStore().UseHumanCheck<RefusingHumanCheck>().UseMailProtector(_ => TestMailKeys.Protector("own"));
        using var provider = Build(services);

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<AesGcmMailProtector>(provider.GetRequiredService<IMailProtector>());
    }

    // Everything but the store is chosen, so each test sees only the problem it is about.
    private static UonetAccessBuilder AddReady(IServiceCollection services, Action<UonetAccessOptions>? configure = null) =>
        services.AddUonetAccess(o =>
        {
            o.EnvironmentName = "Development";
            o.Mail.Protection.Keys["k1"] = TestMailKeys.NewKey();
            configure?.Invoke(o);
        }).UseMailSender(_ => new RecordingMailSender());

    private sealed class RefusingHumanCheck : IHumanCheck
    {
        public ValueTask<bool> VerifyAsync(string? response, string? clientKey, CancellationToken cancellationToken) => ValueTask.FromResult(false);
    }

    private static ServiceProvider Build(IServiceCollection services) =>
        services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
}
