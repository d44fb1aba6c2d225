using Microsoft.Extensions.DependencyInjection;

namespace Uonet.Access.AspNetCore.DependencyInjection;

/// <summary>Marks that <c>AddAspNetCore</c> ran, so that a second call only adds options and the pipeline can say what is missing.</summary>
internal sealed class AspNetCoreRegistration
{
    public static void EnsureAdded(IServiceProvider services, string caller)
    {
        if (services.GetService<AspNetCoreRegistration>() is null)
        {
            throw new InvalidOperationException(
                $"{caller}() needs the ASP.NET Core integration of Uonet.Access. Register it where you call AddUonetAccess: " +
                "builder.Services.AddUonetAccess(…).UseSqlite(…).AddAspNetCore();");
        }
    }
}
