using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.Devices;

namespace Microsoft.AspNetCore.Http;

/// <summary>Typed access to what the package's schemes found on a request.</summary>
public static class UonetHttpContextExtensions
{
    /// <summary>The valid session of this instance, once the session scheme has authenticated the request; otherwise <see langword="null"/>.</summary>
    /// <param name="context">The request.</param>
    public static UonetSession? GetUonetSession(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<UonetSession>();
    }

    /// <summary>Why the request's session ended (its cookie was dropped), or <see langword="null"/>.</summary>
    /// <param name="context">The request.</param>
    public static SessionEnded? GetUonetSessionEnded(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<SessionEnded>();
    }

    /// <summary>The verified device request (device, account, the pupils it sees now), once the device scheme has authenticated it; otherwise <see langword="null"/>.</summary>
    /// <param name="context">The request.</param>
    public static DeviceRequestContext? GetUonetDevice(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<DeviceRequestContext>();
    }
}
