using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Uonet.Access;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Eligibility;
using Uonet.Access.Import;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Uonet.Access in a service collection.</summary>
public static class UonetAccessServiceCollectionExtensions
{
    /// <summary>
    /// Adds the library's services with their defaults (each registered with <c>TryAdd</c>, so a host's own
    /// registration wins and repeated calls are safe) and returns a builder to choose the store and other adapters.
    /// Options are validated when the host starts, with every error reported at once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options; may be called again by a later <c>AddUonetAccess</c>.</param>
    public static UonetAccessBuilder AddUonetAccess(this IServiceCollection services, Action<UonetAccessOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<UonetAccessOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UonetAccessOptions>, UonetAccessOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(NullLogger<>)));

        services.TryAddSingleton<ISchoolDirectoryStore>(_ => throw new InvalidOperationException(UonetAccessOptionsValidator.MissingStoreMessage));
        services.TryAddSingleton<IStudentRecordStore>(_ => throw new InvalidOperationException(UonetAccessOptionsValidator.MissingStoreMessage));

        services.TryAddSingleton<SchoolDirectory>();
        services.TryAddSingleton<StudentRecords>();
        services.TryAddSingleton<StudentRecordImport>();
        services.TryAddSingleton<PupilResolver>();
        services.TryAddSingleton<LoginDiagnosis>();
        return new UonetAccessBuilder(services);
    }
}
