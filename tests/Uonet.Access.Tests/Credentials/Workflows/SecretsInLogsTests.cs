using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Uonet.Access.Credentials;
using Uonet.Access.Sessions;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>
/// Secrets never leave the workflows except where they belong (the link in its mail, the ticket and codes in the
/// results): not into logs at any level, nor into the errors and exceptions of refused operations.
/// </summary>
public sealed class SecretsInLogsTests
{
    [Fact]
    public async Task FullJourney_TraceLogging_NoSecretInAnyMessageStateOrScope_R3()
    {
        var logs = new CapturingLoggerProvider();
        await using var school = await CustomSchool.CreateAsync(services: s => s.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var services = school.Services;
        await services.AddOlaWithMotherAsync();
        var secrets = new List<string> { Flow.Password, Flow.OtherPassword, Flow.MotherEmail, TestSchool.Pesels[0] };
        var codes = new List<string>();

        var token = await services.RequestTokenAsync();
        secrets.Add(token);
        await services.CompleteAsync(token, "anna nowak " + TestSchool.Pesels[0]);
        Assert.True((await services.CompleteAsync(token)).Succeeded);
        await services.CompleteAsync(token);
        await services.TrySignInAsync(password: Flow.OtherPassword, clientKey: "198.51.100.7");
        var ticket = await services.SignInAsync();
        secrets.Add(ticket.Split('.')[2]);
        var twoFactor = services.GetRequiredService<TwoFactorSetup>();
        var enrollment = (await twoFactor.BeginAsync(ticket)).Value;
        secrets.Add(enrollment.SecretBase32);
        var secret = (await services.AccountAsync()).PendingTotpSecret!;
        codes.Add(Flow.WrongCode(secret, school.Time.GetUtcNow()));
        await twoFactor.ConfirmAsync(ticket, codes[^1]);
        codes.Add(Flow.Code(secret, school.Time.GetUtcNow()));
        var recoveryCodes = (await twoFactor.ConfirmAsync(ticket, codes[^1])).Value;
        secrets.AddRange(recoveryCodes);
        school.Time.Advance(TimeSpan.FromSeconds(30));
        codes.Add(Flow.Code(secret, school.Time.GetUtcNow()));
        var secondTicket = (await services.TrySignInAsync(totp: codes[^1])).SessionTicket!;
        secrets.Add(secondTicket.Split('.')[2]);
        await services.TrySignInAsync(totp: codes[^1]);
        await services.TrySignInAsync(recovery: recoveryCodes[0]);
        Assert.Equal(SessionStatus.Valid, (await services.ValidateAsync(secondTicket)).Status);
        await services.GetRequiredService<SessionTickets>().SignOutEverywhereAsync(secondTicket);
        await services.ValidateAsync(ticket);

        var texts = logs.Texts.ToList();
        Assert.Contains(texts, t => t.Contains("Sign-in in", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("Password set for account", StringComparison.Ordinal));
        foreach (var text in texts)
        {
            Assert.DoesNotContain(secrets, s => text.Contains(s, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(codes, c => Regex.IsMatch(text, $"(?<![0-9]){c}(?![0-9])"));
            Assert.DoesNotContain(recoveryCodes, c => text.Contains(c.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task RefusedOperations_ErrorsDescriptionsAndExceptions_CarryNoSecret()
    {
        await using var school = await TestSchool.CreateAsync();
        var services = school.Services;
        await services.AddOlaWithMotherAsync();
        var refusedPassword = "ola ma kota " + TestSchool.Pesels[0];
        var token = await services.RequestTokenAsync();
        var refusals = new List<AccessResult>
        {
            await services.CompleteAsync(token, refusedPassword),
            await services.CompleteAsync(token[..^2]),
        };
        Assert.True((await services.CompleteAsync(token)).Succeeded);
        refusals.Add(await services.CompleteAsync(token));
        var ticket = await services.SignInAsync();
        await school.TwoFactor.BeginAsync(ticket);
        var secret = (await services.AccountAsync()).PendingTotpSecret!;
        var wrongCode = Flow.WrongCode(secret, school.Time.GetUtcNow());
        var refusedConfirm = await school.TwoFactor.ConfirmAsync(ticket, wrongCode);
        refusals.Add(refusedConfirm);
        var wrongSignIn = await services.TrySignInAsync(password: Flow.OtherPassword);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var cancellation = await Record.ExceptionAsync(() => school.SignIn.SignInAsync(
            new SignInRequest { InstanceSymbol = TestSchool.Symbol, Email = Flow.MotherEmail, Password = Flow.Password }, cancelled.Token));
        var valueOfRefusal = Record.Exception(() => refusedConfirm.Value);

        var secrets = new[] { refusedPassword, Flow.Password, Flow.OtherPassword, token, ticket, wrongCode, TotpAlgorithm.ToBase32(secret), TestSchool.Pesels[0] };
        var texts = refusals.SelectMany(r => r.Errors).Append(wrongSignIn.Error!)
            .SelectMany(e => new[] { e.ToString(), e.Describe(CultureInfo.GetCultureInfo("pl")), e.Describe(CultureInfo.GetCultureInfo("en")) }.Concat(e.Arguments.Values))
            .Concat(refusals.Select(r => r.ToString()))
            .Append(wrongSignIn.ToString())
            .Append(cancellation!.ToString())
            .Append(valueOfRefusal!.ToString())
            .ToList();
        Assert.IsAssignableFrom<OperationCanceledException>(cancellation);
        Assert.IsType<InvalidOperationException>(valueOfRefusal);
        Assert.Contains(refusals[0].Errors, e => e.Code == AccessErrorCodes.PasswordContainsPesel);
        foreach (var text in texts)
        {
            Assert.DoesNotContain(secrets, s => text.Contains(s, StringComparison.OrdinalIgnoreCase));
        }
    }
}
