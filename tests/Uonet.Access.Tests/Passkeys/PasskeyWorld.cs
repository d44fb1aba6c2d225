using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Passkeys;
using Uonet.Access.Sessions;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Passkeys;

/// <summary>A <see cref="TestSchool"/> with passkeys, Ola Nowak's mother signed in, and a software authenticator.</summary>
internal sealed class PasskeyWorld : IAsyncDisposable
{
    public const string Origin = "https://uonetplus.example.pl";

    private PasskeyWorld(TestSchool school, string ticket)
    {
        School = school;
        Ticket = ticket;
    }

    public TestSchool School { get; }

    public IServiceProvider Services => School.Services;

    public string Ticket { get; }

    public AccountPasskeys Passkeys => Services.GetRequiredService<AccountPasskeys>();

    public PasskeySignIn SignIn => Services.GetRequiredService<PasskeySignIn>();

    public static async Task<PasskeyWorld> CreateAsync(Action<UonetAccessOptions>? configure = null)
    {
        var school = await TestSchool.CreateAsync(configure, services => new UonetAccessBuilder(services).AddPasskeys());
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        return new PasskeyWorld(school, await school.Services.SignInAsync());
    }

    /// <summary>Adds the authenticator's passkey to the signed-in mother's account; fails the test if refused.</summary>
    public async Task<PasskeySummary> RegisterAsync(SoftwareAuthenticator authenticator, string name = "Telefon Anny")
    {
        var added = await CompleteRegistrationAsync(authenticator, name);
        Assert.True(added.Succeeded, added.ToString());
        return added.Value;
    }

    public async Task<AccessResult<PasskeySummary>> CompleteRegistrationAsync(SoftwareAuthenticator authenticator, string? name = null, Func<string, string>? tamper = null)
    {
        var options = await BeginRegistrationAsync();
        return await Passkeys.CompleteRegistrationAsync(Ticket, authenticator.Create(options.OptionsJson, tamper), name);
    }

    public async Task<PasskeyCeremonyOptions> BeginRegistrationAsync()
    {
        var begun = await Passkeys.BeginRegistrationAsync(Ticket, new SessionEndProof { Password = Flow.Password });
        Assert.True(begun.Succeeded, begun.ToString());
        return begun.Value;
    }

    public async Task<PasskeyCeremonyOptions> BeginSignInAsync(string? email = null)
    {
        var begun = await SignIn.BeginAsync(TestSchool.Symbol, email);
        Assert.True(begun.Succeeded, begun.ToString());
        return begun.Value;
    }

    public Task<Uonet.Access.Credentials.AccountSignInResult> CompleteSignInAsync(string response, string? clientKey = null) =>
        SignIn.CompleteAsync(new PasskeySignInRequest { InstanceSymbol = TestSchool.Symbol, ResponseJson = response, ClientKey = clientKey });

    public ValueTask DisposeAsync() => School.DisposeAsync();
}
