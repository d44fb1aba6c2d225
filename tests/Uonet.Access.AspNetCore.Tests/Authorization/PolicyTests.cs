using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.Records;

namespace Uonet.Access.AspNetCore.Tests.Authorization;

/// <summary>The policies "signed in here", "staff", "secretary of unit" and "administrator" over the validated session.</summary>
public sealed class PolicyTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Policies_Guardian_SignedInButNoStaffSecretaryOrAdministrator()
    {
        var (email, _) = await _host.AddFamilyAsync();
        using var guardian = await _host.BrowserSignedInAsync(email);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            await StatusesAsync(guardian.Http, "/gminawulkanowo/me", "/gminawulkanowo/staff", "/gminawulkanowo/units/SP1/records", "/gminawulkanowo/admin"));
    }

    [Fact]
    public async Task Policies_Anonymous_ChallengedWith401()
    {
        using var http = _host.Client();

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            await StatusesAsync(http, "/gminawulkanowo/staff", "/gminawulkanowo/units/SP1/records", "/gminawulkanowo/admin"));
    }

    [Fact]
    public async Task StaffPolicy_MemberWhoseLastRoleWasTakenAway_Forbidden()
    {
        var (email, _) = await _host.AddFamilyAsync();
        var directory = _host.Services.GetRequiredService<SchoolDirectory>();
        var role = new StaffAssignment(StaffRole.Secretary, "SP2");
        Assert.True((await directory.AssignStaffAsync(AccessHost.Symbol, email, "Maria Testowa", role)).Succeeded);
        using var member = await _host.BrowserSignedInAsync(email);
        var withRole = await StatusesAsync(member.Http, "/gminawulkanowo/staff", "/gminawulkanowo/units/SP2/records");

        Assert.True((await directory.UnassignStaffAsync(AccessHost.Symbol, email, role)).Succeeded);
        var withoutRoles = await StatusesAsync(member.Http, "/gminawulkanowo/me", "/gminawulkanowo/staff", "/gminawulkanowo/units/SP2/records");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], withRole);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], withoutRoles);
    }

    [Fact]
    public async Task Policies_SecretaryOfSp1_StaffAndSecretaryOfSp1OnlyNotAdministrator()
    {
        using var secretary = await _host.BrowserSignedInAsync(AccessHost.SecretarySp1.Email);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            await StatusesAsync(secretary.Http, "/gminawulkanowo/staff", "/gminawulkanowo/units/SP1/records", "/gminawulkanowo/units/sp1/records", "/gminawulkanowo/units/SP2/records", "/gminawulkanowo/units/..%2FSP1/records", "/gminawulkanowo/admin"));
    }

    [Fact]
    public async Task SecretaryOfUnit_UnitPassedAsTheResource_DecidesForThatUnit()
    {
        using var secretary = await _host.BrowserSignedInAsync(AccessHost.SecretarySp1.Email);

        var own = await secretary.Http.GetStringAsync(new Uri("/gminawulkanowo/may-edit/SP1", UriKind.Relative));
        var other = await secretary.Http.GetStringAsync(new Uri("/gminawulkanowo/may-edit/SP2", UriKind.Relative));

        Assert.Equal(("yes", "no"), (own, other));
    }

    [Fact]
    public async Task Policies_ClassTeacher_StaffButNoSecretary()
    {
        using var teacher = await _host.BrowserSignedInAsync(AccessHost.TeacherSp1Class4A.Email);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            await StatusesAsync(teacher.Http, "/gminawulkanowo/staff", "/gminawulkanowo/units/SP1/records", "/gminawulkanowo/admin"));
    }

    [Fact]
    public async Task Policies_Administrator_AdministratorAndStaffButSecretaryOfNoUnit()
    {
        using var administrator = await _host.BrowserSignedInAsync(AccessHost.Administrator.Email);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden],
            await StatusesAsync(administrator.Http, "/gminawulkanowo/admin", "/gminawulkanowo/staff", "/gminawulkanowo/units/SP1/records"));
    }

    [Fact]
    public async Task Policies_SecretaryOfAnotherInstance_IsNobodyHere_R6()
    {
        var ticket = await _host.SignInAsync(AccessHost.SecretaryLo1.Email, AccessHost.OtherSymbol);
        using var http = _host.Client();

        var there = await Sessions.SessionSchemeTests.SendWithCookieAsync(http, "/powiatwulkanowy/units/LO1/records", ticket);
        var here = await Sessions.SessionSchemeTests.SendWithCookieAsync(http, "/gminawulkanowo/staff", ticket);

        Assert.Equal(HttpStatusCode.OK, there.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, here.StatusCode);
    }

    private static async Task<HttpStatusCode[]> StatusesAsync(HttpClient http, params string[] paths)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var path in paths)
        {
            statuses.Add((await http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }

        return [.. statuses];
    }
}
