using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

/// <summary>
/// No live secret at rest: whoever reads a copy of the store (a backup, a replica, a leaked file) at any step of a
/// first login or a pairing finds no link token, password, session secret, pairing token or PIN in clear.
/// </summary>
public abstract partial class StoreSpecification
{
    private const string JourneyPassword = "Zielony-Kasztan-nad-Wisłą-42";

    /// <summary>
    /// Every value the store holds, in every table (or every field reachable from the store object): text as
    /// <see cref="string"/>, binary as <c>byte[]</c>, numbers as numbers, arrays as arrays of those.
    /// </summary>
    protected abstract Task<IReadOnlyList<object?>> ReadEveryStoredValueAsync(StoreUnderTest store);

    [Fact]
    public async Task StoredValues_AtEveryStepOfAFirstLoginAndAPairing_HoldNoLinkTokenPasswordSessionOrPinInClear_R3_R7()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await InsertAsync(store, Student(email: null, guardians: [Guardian(ParentEmail)]));
        var time = new FakeTimeProvider(Entered.AddDays(1));
        var sender = new JourneyMailSender();
        await using var services = Services(store, time, sender);

        await services.GetRequiredService<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = Symbol, Email = ParentEmail });
        var link = Assert.Single(await services.GetRequiredService<DevelopmentOutbox>().ListAsync(ParentEmail, 10)).Message.Link;
        var token = HttpUtility.ParseQueryString(new Uri(link!).Query)["token"]!;
        await AssertNoSecretAtRestAsync(store, "mail queued", token, JourneyPassword);

        sender.FailNext = true;
        Assert.Equal(1, (await services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync()).Failed);
        await AssertNoSecretAtRestAsync(store, "delivery failed, retry due", token, JourneyPassword);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync()).Sent);
        Assert.Contains(token, Assert.Single(sender.Delivered).TextBody, StringComparison.Ordinal);
        await AssertNoSecretAtRestAsync(store, "delivered", token, JourneyPassword);

        Assert.True((await services.GetRequiredService<RestoreAccess>().CompleteAsync(new CompleteAccessRequest { Token = token, Password = JourneyPassword })).Succeeded);
        await AssertNoSecretAtRestAsync(store, "password set", token, JourneyPassword);

        var signIn = await services.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest { InstanceSymbol = Symbol, Email = ParentEmail, Password = JourneyPassword });
        var session = Assert.IsType<string>(signIn.SessionTicket);
        await AssertNoSecretAtRestAsync(store, "signed in", token, JourneyPassword, SessionSecret(session));

        var pairing = (await services.GetRequiredService<MobileDevices>().CreatePairingAsync(session)).Value!;
        await AssertNoSecretAtRestAsync(store, "pairing ticket shown", token, JourneyPassword, SessionSecret(session), pairing.Token, pairing.Pin);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var registered = await services.GetRequiredService<MobileDevices>().RegisterDeviceAsync(
            Symbol, pairing.Token, pairing.Pin, new DeviceRegistration { Name = "Telefon Anny", PublicKey = key.ExportSubjectPublicKeyInfo() });
        Assert.True(registered.Succeeded);
        await services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        await AssertNoSecretAtRestAsync(store, "device registered", token, JourneyPassword, SessionSecret(session), pairing.Token, pairing.Pin);
    }

    private async Task AssertNoSecretAtRestAsync(StoreUnderTest store, string step, params string[] secrets)
    {
        var values = Flatten(await ReadEveryStoredValueAsync(store)).ToList();

        // The scan sees what the store holds in clear by design: it would not pass by reading nothing.
        Assert.Contains(values, v => v is string text && text.Contains(ParentEmail, StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            foreach (var value in values)
            {
                var found = value switch
                {
                    string text => text.Contains(secret, StringComparison.Ordinal),
                    byte[] data => data.AsSpan().IndexOf(bytes) >= 0,
                    IConvertible number => Convert.ToString(number, CultureInfo.InvariantCulture) == secret,
                    _ => false,
                };
                Assert.False(found, $"After '{step}', a stored value holds a secret in clear.");
            }
        }
    }

    private static IEnumerable<object?> Flatten(IEnumerable<object?> values)
    {
        foreach (var value in values)
        {
            if (value is IEnumerable many and not string and not byte[])
            {
                foreach (var inner in Flatten(many.Cast<object?>()))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return value;
            }
        }
    }

    // A ticket is "<session id>.<secret>"; the id is no secret (it names the row), the secret is.
    private static string SessionSecret(string ticket) => ticket[(ticket.LastIndexOf('.') + 1)..];

    private static ServiceProvider Services(StoreUnderTest store, TimeProvider time, IMailSender sender)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);

        // UseInMemoryStore records that a store was chosen; the store under test then takes every contract.
        services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Development";
                o.Mail.Protection.Keys["spec"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            })
            .UseInMemoryStore()
            .UseMailSender(_ => sender);
        services.Replace(ServiceDescriptor.Singleton(store.Directory));
        services.Replace(ServiceDescriptor.Singleton(store.Records));
        services.Replace(ServiceDescriptor.Singleton(store.Credentials));
        services.Replace(ServiceDescriptor.Singleton(store.Outbox));
        services.Replace(ServiceDescriptor.Singleton(store.Devices));
        services.Replace(ServiceDescriptor.Singleton(store.Maintenance));
        return services.BuildServiceProvider();
    }

    private sealed class JourneyMailSender : IMailSender
    {
        public bool FailNext { get; set; }

        public List<OutboxMessage> Delivered { get; } = [];

        public Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                return Task.FromResult(new MailDeliveryResult(MailDeliveryStatus.TransientFailure, "451 try later"));
            }

            Delivered.Add(message);
            return Task.FromResult(MailDeliveryResult.Delivered);
        }
    }
}
