using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.Authorization;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.Credentials;
using Uonet.Access.Records;
using Uonet.Access.Sessions;

namespace Uonet.Access.AspNetCore.Tests.Authorization;

/// <summary>
/// A staff member with no roles is staff nowhere, even if a store or a future library version hands the package such
/// a member: the package decides it again rather than trusting that the library already did.
/// </summary>
public sealed class StaffWithoutRolesTests
{
    [Fact]
    public async Task Policies_SessionWhoseStaffMemberHasNoRoles_NotStaffAndNoRoleClaims()
    {
        await using var host = await AccessHost.StartAsync();
        var session = SessionOf(new StaffMember(AccessHost.Symbol, "pusty@sp1.example.pl", "Bez ról", []));
        var (context, user) = RequestOf(host, session);
        var authorization = host.Services.GetRequiredService<IAuthorizationService>();

        var signedIn = await authorization.AuthorizeAsync(user, context, UonetPolicies.SignedIn);
        var staff = await authorization.AuthorizeAsync(user, context, UonetPolicies.Staff);

        Assert.Null(session.Staff);
        Assert.True(signedIn.Succeeded);
        Assert.False(staff.Succeeded);
        Assert.Empty(user.FindAll(ClaimTypes.Role));
    }

    [Fact]
    public async Task Policies_SessionWhoseStaffMemberHasARole_Staff()
    {
        await using var host = await AccessHost.StartAsync();
        var session = SessionOf(new StaffMember(AccessHost.Symbol, "sekretariat@sp1.example.pl", "Sekretariat", [new StaffAssignment(StaffRole.Secretary, "SP1")]));
        var (context, user) = RequestOf(host, session);
        var authorization = host.Services.GetRequiredService<IAuthorizationService>();

        var staff = await authorization.AuthorizeAsync(user, context, UonetPolicies.Staff);

        Assert.True(staff.Succeeded);
        Assert.Equal([nameof(StaffRole.Secretary)], user.FindAll(ClaimTypes.Role).Select(c => c.Value));
    }

    private static UonetSession SessionOf(StaffMember staff)
    {
        var account = new Account
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = AccessHost.Symbol,
            Email = staff.Email,
            PasswordHash = "x",
            SecurityStamp = "s",
            CreatedAt = DateTimeOffset.UnixEpoch,
            PasswordChangedAt = DateTimeOffset.UnixEpoch,
        };
        return new UonetSession(AccessHost.Symbol, "ticket", new SessionValidation(SessionStatus.Valid, null, account, null, []) { Staff = staff });
    }

    private static (DefaultHttpContext Context, ClaimsPrincipal User) RequestOf(AccessHost host, UonetSession session)
    {
        var context = new DefaultHttpContext { RequestServices = host.Services, Request = { Path = "/" + AccessHost.Symbol + "/staff" } };
        context.Features.Set(session);
        return (context, SessionAuthenticationHandler.Principal(session));
    }
}
