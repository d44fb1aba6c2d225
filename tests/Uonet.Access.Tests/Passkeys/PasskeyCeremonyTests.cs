using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;
using Uonet.Access.Tests.Credentials.Workflows;
using static Uonet.Access.Tests.Passkeys.SoftwareAuthenticator;

namespace Uonet.Access.Tests.Passkeys;

/// <summary>The WebAuthn ceremonies against real attestations and assertions of a software authenticator.</summary>
public sealed class PasskeyCeremonyTests
{
    [Theory]
    [InlineData("ES256", false)]
    [InlineData("ES256", true)]
    [InlineData("RS256", false)]
    [InlineData("RS256", true)]
    public async Task SignIn_WithoutEmail_AfterRegistration_GivesSessionThatSeesTheChildren(string algorithm, bool packed)
    {
        // Arrange
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator(Enum.Parse<Algorithm>(algorithm)) { PackedAttestation = packed };
        await world.RegisterAsync(authenticator);

        // Act
        var options = await world.BeginSignInAsync();
        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        // Assert: a normal session ticket, and the pupils of the records (R5).
        Assert.Equal(SignInOutcome.Success, result.Outcome);
        var session = await world.Services.ValidateAsync(result.SessionTicket);
        Assert.Equal(SessionStatus.Valid, session.Status);
        Assert.Equal(Flow.MotherEmail, session.Account!.Email);
        Assert.Contains(session.Pupils, p => p.FirstName == "Ola");
    }

    [Fact]
    public async Task SignIn_WithEmail_OfTheAccount_Succeeds()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);

        var options = await world.BeginSignInAsync(Flow.MotherEmail);
        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        Assert.Equal(SignInOutcome.Success, result.Outcome);
        Assert.DoesNotContain("allowCredentials\":[{", options.OptionsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithEmailOfAnotherAddress_IsRefusedAsUnknownPasskey()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);

        var options = await world.BeginSignInAsync("ktos.inny@example.pl");
        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        Assert.Equal(AccessErrorCodes.PasskeyUnknown, result.Error!.Code);
    }

    [Fact]
    public async Task SignIn_AccountWithSecondFactor_NeedsNoTotpStep()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        var account = await world.Services.AccountAsync();
        var store = world.Services.GetRequiredService<InMemoryAccessStore>();
        Assert.Equal(StoreWriteResult.Success, await store.UpdateAccountAsync(account with { TotpSecret = new byte[20], Version = account.Version + 1 }, account.Version, null, null, CancellationToken.None));

        var options = await world.BeginSignInAsync();
        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        // User verification on the authenticator is the second factor: no ticket for a code.
        Assert.Equal(SignInOutcome.Success, result.Outcome);
        Assert.Null(result.SecondFactorTicket);
    }

    [Theory]
    [InlineData("pl-PL", "Klucz dostępu ")]
    [InlineData("en-GB", "Passkey ")]
    [InlineData("uk-UA", "Ключ доступу ")]
    public async Task CompleteRegistration_WithoutName_NamesItInThePersonsLanguage(string culture, string expectedStart)
    {
        // Arrange
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        var options = await world.BeginRegistrationAsync();

        // Act
        var added = await world.Passkeys.CompleteRegistrationAsync(world.Ticket, authenticator.Create(options.OptionsJson), name: null, new System.Globalization.CultureInfo(culture));

        // Assert: the language's word and the day, like the notice mailed in that language.
        Assert.True(added.Succeeded, added.ToString());
        Assert.StartsWith(expectedStart, added.Value.Name, StringComparison.Ordinal);
        Assert.Matches(@" \d{4}-\d{2}-\d{2}$", added.Value.Name);
    }

    [Fact]
    public async Task CompleteRegistration_UserNotVerified_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator { VerifiesUser = false };

        var added = await world.CompleteRegistrationAsync(authenticator);

        Assert.Equal(AccessErrorCodes.PasskeyUserVerificationRequired, added.Errors[0].Code);
        Assert.Empty((await world.Passkeys.ListAsync(world.Ticket)).Value);
    }

    [Fact]
    public async Task CompleteRegistration_WrongOrigin_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator(origin: "https://uonetplus.example.pl.evil.example");

        var added = await world.CompleteRegistrationAsync(authenticator);

        Assert.Equal(AccessErrorCodes.PasskeyOriginInvalid, added.Errors[0].Code);
    }

    [Fact]
    public async Task CompleteRegistration_WrongRelyingPartyId_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator(rpId: "evil.example");

        var added = await world.CompleteRegistrationAsync(authenticator);

        Assert.Equal(AccessErrorCodes.PasskeyRelyingPartyInvalid, added.Errors[0].Code);
    }

    [Fact]
    public async Task CompleteRegistration_TamperedClientData_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();

        var added = await world.CompleteRegistrationAsync(authenticator, tamper: json => json.Replace("webauthn.create", "webauthn.get", StringComparison.Ordinal));

        Assert.Equal(AccessErrorCodes.PasskeyVerificationFailed, added.Errors[0].Code);
    }

    [Fact]
    public async Task BeginRegistration_WithoutFreshProof_IsRefused()
    {
        // ASVS 5.0 7.5.1: a session alone does not add an authenticator.
        await using var world = await PasskeyWorld.CreateAsync();

        var none = await world.Passkeys.BeginRegistrationAsync(world.Ticket, null);
        var wrong = await world.Passkeys.BeginRegistrationAsync(world.Ticket, new SessionEndProof { Password = "to nie jest moje haslo" });

        Assert.Equal(AccessErrorCodes.PasskeyReauthenticationRequired, none.Errors[0].Code);
        Assert.Equal(AccessErrorCodes.PasswordCurrentInvalid, wrong.Errors[0].Code);
    }

    [Fact]
    public async Task BeginRegistration_UserHandle_IsRandomAndNotTheEmail()
    {
        await using var world = await PasskeyWorld.CreateAsync();

        var options = await world.BeginRegistrationAsync();
        var handle = JsonNode.Parse(options.OptionsJson)!["user"]!["id"]!.GetValue<string>();

        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(handle).Length);
        Assert.DoesNotContain("anna", System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(handle)), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("required", JsonNode.Parse(options.OptionsJson)!["authenticatorSelection"]!["userVerification"]!.GetValue<string>());
        Assert.Equal("preferred", JsonNode.Parse(options.OptionsJson)!["authenticatorSelection"]!["residentKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompleteSignIn_UserNotVerified_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        authenticator.VerifiesUser = false;

        var options = await world.BeginSignInAsync();
        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        Assert.Equal(AccessErrorCodes.PasskeyUserVerificationRequired, result.Error!.Code);
    }

    [Fact]
    public async Task CompleteSignIn_WrongOrigin_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        authenticator.Origin = "https://phishing.example";

        var options = await world.BeginSignInAsync();
        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        Assert.Equal(AccessErrorCodes.PasskeyOriginInvalid, result.Error!.Code);
    }

    [Fact]
    public async Task CompleteSignIn_WrongRelyingPartyId_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        authenticator.RpId = "example.pl";

        var options = await world.BeginSignInAsync();
        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        Assert.Equal(AccessErrorCodes.PasskeyRelyingPartyInvalid, result.Error!.Code);
    }

    [Fact]
    public async Task CompleteSignIn_TamperedClientData_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);

        // The signature covers the hash of the client data as the authenticator saw it; the "browser" changes it after.
        var options = await world.BeginSignInAsync();
        var response = JsonNode.Parse(authenticator.Get(options.OptionsJson))!;
        var clientData = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(response["response"]!["clientDataJSON"]!.GetValue<string>()));
        response["response"]!["clientDataJSON"] = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(clientData.Replace("\"crossOrigin\":false", "\"crossOrigin\":false,\"x\":1", StringComparison.Ordinal)));
        var result = await world.CompleteSignInAsync(response.ToJsonString());

        Assert.Equal(AccessErrorCodes.PasskeyVerificationFailed, result.Error!.Code);
    }

    [Fact]
    public async Task CompleteSignIn_WrongChallenge_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        await world.BeginSignInAsync();

        var forged = """{"challenge":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","rpId":"uonetplus.example.pl","userVerification":"required"}""";
        var result = await world.CompleteSignInAsync(authenticator.Get(forged));

        Assert.Equal(AccessErrorCodes.PasskeyChallengeInvalid, result.Error!.Code);
    }

    [Fact]
    public async Task CompleteSignIn_ReplayedAnswer_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        var options = await world.BeginSignInAsync();
        var response = authenticator.Get(options.OptionsJson);
        Assert.Equal(SignInOutcome.Success, (await world.CompleteSignInAsync(response)).Outcome);

        var replayed = await world.CompleteSignInAsync(response);

        Assert.Equal(AccessErrorCodes.PasskeyChallengeInvalid, replayed.Error!.Code);
    }

    [Fact]
    public async Task CompleteSignIn_AfterChallengeExpired_IsRefused()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        var options = await world.BeginSignInAsync();

        world.School.Time.Advance(TimeSpan.FromMinutes(5));
        var result = await world.CompleteSignInAsync(authenticator.Get(options.OptionsJson));

        Assert.Equal(AccessErrorCodes.PasskeyChallengeInvalid, result.Error!.Code);
    }

    [Fact]
    public async Task CompleteSignIn_SignCountGoesBackwards_IsRefusedAndRecorded()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        authenticator.SignCount = 10;
        var first = await world.BeginSignInAsync();
        Assert.Equal(SignInOutcome.Success, (await world.CompleteSignInAsync(authenticator.Get(first.OptionsJson))).Outcome);

        // A clone of the authenticator, copied before those uses, signs with a smaller counter.
        authenticator.SignCount = 3;
        var second = await world.BeginSignInAsync();
        var result = await world.CompleteSignInAsync(authenticator.Get(second.OptionsJson));

        Assert.Equal(AccessErrorCodes.PasskeySignCountRegressed, result.Error!.Code);
        var account = await world.Services.AccountAsync();
        var trail = await world.Services.GetRequiredService<InMemoryAccessStore>().ListSecurityEventsAsync(account.Id, 10, CancellationToken.None);
        Assert.Contains(trail, e => e.Kind == SecurityEventKind.PasskeySignCountRegressed);
    }

    [Fact]
    public async Task CompleteSignIn_ThirtyTwoParallelAnswersToOneChallenge_GiveExactlyOneSession()
    {
        await using var world = await PasskeyWorld.CreateAsync();
        using var authenticator = new SoftwareAuthenticator();
        await world.RegisterAsync(authenticator);
        var options = await world.BeginSignInAsync();
        var response = authenticator.Get(options.OptionsJson);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => world.CompleteSignInAsync(response))));

        Assert.Single(results, r => r.Outcome == SignInOutcome.Success);
        Assert.All(results.Where(r => r.Outcome != SignInOutcome.Success), r => Assert.Equal(AccessErrorCodes.PasskeyChallengeInvalid, r.Error!.Code));
    }

    [Fact]
    public async Task CompleteSignIn_MalformedAnswer_IsRefusedWithAStableCode()
    {
        await using var world = await PasskeyWorld.CreateAsync();

        foreach (var junk in new[] { "", "{", "[]", "{\"id\":1}", """{"id":"x","rawId":"AQ","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"","signature":""}}""" })
        {
            var result = await world.CompleteSignInAsync(junk);
            Assert.Equal(SignInOutcome.Failed, result.Outcome);
            Assert.StartsWith("Passkey.", result.Error!.Code, StringComparison.Ordinal);
        }
    }
}
