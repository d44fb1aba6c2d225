using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>Steps of the credential workflows, over the services of a <see cref="TestSchool"/> or a <see cref="CustomSchool"/>.</summary>
internal static class Flow
{
    /// <summary>A password the policy accepts for the Nowak family.</summary>
    public const string Password = "kot ma ale i psa burka";

    public const string OtherPassword = "zielone jablka spadaja jesienia";

    public const string MotherEmail = "anna.nowak@example.pl";

    public static CancellationToken None => CancellationToken.None;

    /// <summary>Adds Ola Nowak (SP1, 4a) with her mother listed by <see cref="MotherEmail"/>.</summary>
    public static Task<StudentRecord> AddOlaWithMotherAsync(this IServiceProvider services) =>
        services.AddStudentAsync(TestSchool.Sp1, "4a", "Ola", "Nowak", TestSchool.Pesels[0], null, TestSchool.Guardian("Anna", "Nowak", MotherEmail));

    public static async Task<StudentRecord> AddStudentAsync(this IServiceProvider services, string unitCode, string className, string first, string last, string? pesel, string? email, params GuardianDetails[] guardians)
    {
        var actor = unitCode == TestSchool.Sp2 ? TestSchool.SecretarySp2 : TestSchool.SecretarySp1;
        var result = await services.GetRequiredService<StudentRecords>().AddStudentAsync(actor, new NewStudent
        {
            UnitCode = unitCode,
            ClassName = className,
            FirstName = first,
            LastName = last,
            Pesel = pesel,
            Email = email,
            Guardians = guardians,
        });
        Assert.True(result.Succeeded, result.ToString());
        return result.Value;
    }

    /// <summary>Starts the procedure, delivers the outbox and returns the token of the newest link mailed to <paramref name="email"/>.</summary>
    public static async Task<string> RequestTokenAsync(this IServiceProvider services, string email = MotherEmail, string symbol = TestSchool.Symbol)
    {
        var started = await services.GetRequiredService<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = symbol, Email = email });
        Assert.True(started.Succeeded, started.ToString());
        await services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        return TokenOf(services.GetRequiredService<RecordingMailSender>().Sent.Last(m => m.Kind == MailKind.AccessLink && m.To == email));
    }

    public static string TokenOf(OutboxMessage mail)
    {
        Assert.NotNull(mail.Link);
        var token = HttpUtility.ParseQueryString(new Uri(mail.Link).Query)["token"];
        Assert.False(string.IsNullOrEmpty(token));
        return token;
    }

    public static Task<AccessResult> CompleteAsync(this IServiceProvider services, string token, string password = Password) =>
        services.GetRequiredService<RestoreAccess>().CompleteAsync(new CompleteAccessRequest { Token = token, Password = password });

    /// <summary>Runs the whole first-login procedure for an address; fails the test if any step is refused.</summary>
    public static async Task SetPasswordAsync(this IServiceProvider services, string email = MotherEmail, string password = Password, string symbol = TestSchool.Symbol)
    {
        var token = await services.RequestTokenAsync(email, symbol);
        var completed = await services.CompleteAsync(token, password);
        Assert.True(completed.Succeeded, completed.ToString());
    }

    /// <summary>Signs in as a person would: the password step and, when a code is given and asked for, the second step.</summary>
    public static async Task<AccountSignInResult> TrySignInAsync(this IServiceProvider services, string email = MotherEmail, string password = Password, string? totp = null, string? recovery = null, string? clientKey = null)
    {
        var signIn = services.GetRequiredService<AccountSignIn>();
        var result = await signIn.SignInAsync(new SignInRequest
        {
            InstanceSymbol = TestSchool.Symbol,
            Email = email,
            Password = password,
            ClientKey = clientKey,
        });
        if (result.Outcome != SignInOutcome.RequiresSecondFactor || (string.IsNullOrWhiteSpace(totp) && string.IsNullOrWhiteSpace(recovery)))
        {
            return result;
        }

        return await signIn.CompleteSecondFactorAsync(new SecondFactorRequest
        {
            InstanceSymbol = TestSchool.Symbol,
            Ticket = result.SecondFactorTicket!,
            TotpCode = totp,
            RecoveryCode = recovery,
            ClientKey = clientKey,
        });
    }

    /// <summary>Signs in and returns the session ticket; fails the test unless the sign-in succeeds.</summary>
    public static async Task<string> SignInAsync(this IServiceProvider services, string email = MotherEmail, string password = Password, string? totp = null)
    {
        var result = await services.TrySignInAsync(email, password, totp);
        Assert.Equal(SignInOutcome.Success, result.Outcome);
        return result.SessionTicket!;
    }

    public static Task<SessionValidation> ValidateAsync(this IServiceProvider services, string? ticket) =>
        services.GetRequiredService<SessionTickets>().ValidateAsync(ticket);

    public static async Task<Account> AccountAsync(this IServiceProvider services, string email = MotherEmail)
    {
        var account = await services.GetRequiredService<InMemoryAccessStore>().FindAccountAsync(TestSchool.Symbol, email, None);
        Assert.NotNull(account);
        return account;
    }

    /// <summary>The RFC 6238 code of <paramref name="secret"/> at <paramref name="time"/>, computed by Otp.NET independently of the library.</summary>
    public static string Code(byte[] secret, DateTimeOffset time) => new Totp(secret).ComputeTotp(time.UtcDateTime);

    /// <summary>A 6-digit code that matches none of the steps the library accepts at <paramref name="time"/>.</summary>
    public static string WrongCode(byte[] secret, DateTimeOffset time)
    {
        var accepted = new[] { -30, 0, 30 }.Select(s => Code(secret, time.AddSeconds(s))).ToHashSet();
        var candidate = int.Parse(Code(secret, time), System.Globalization.CultureInfo.InvariantCulture);
        string wrong;
        do
        {
            candidate = (candidate + 1) % 1_000_000;
            wrong = candidate.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        }
        while (accepted.Contains(wrong));

        return wrong;
    }

    /// <summary>Signs in, enrols TOTP and returns the secret, the recovery codes and the ticket; time is moved to the next step so its code is fresh.</summary>
    public static async Task<(byte[] Secret, IReadOnlyList<string> RecoveryCodes, string Ticket)> EnrolTotpAsync(this IServiceProvider services, FakeTimeProvider time, string email = MotherEmail)
    {
        var ticket = await services.SignInAsync(email);
        var twoFactor = services.GetRequiredService<TwoFactorSetup>();
        var begun = await twoFactor.BeginAsync(ticket);
        Assert.True(begun.Succeeded, begun.ToString());
        var secret = (await services.AccountAsync(email)).PendingTotpSecret!;
        var confirmed = await twoFactor.ConfirmAsync(ticket, Code(secret, time.GetUtcNow()));
        Assert.True(confirmed.Succeeded, confirmed.ToString());
        time.Advance(TimeSpan.FromSeconds(TotpAlgorithm.PeriodSeconds));
        return (secret, confirmed.Value, ticket);
    }

    /// <summary>Opens a pairing ticket for <paramref name="account"/> straight in the store (random token and PIN hashes).</summary>
    public static async Task<PairingTicket> OpenPairingTicketAsync(this TestSchool school, Account account)
    {
        var now = school.Time.GetUtcNow();
        var ticket = new PairingTicket
        {
            Id = Guid.NewGuid(),
            TokenHash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            PinHash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(10),
            RemainingTries = 3,
        };
        await school.Store.CreatePairingTicketAsync(ticket, now, None);
        return ticket;
    }

    /// <summary>Writes a device with <paramref name="publicKey"/> for <paramref name="account"/> through a fresh pairing ticket, as registration would.</summary>
    public static async Task<MobileDevice> InsertDeviceAsync(this TestSchool school, Account account, byte[] publicKey, DeviceKeyAlgorithm algorithm)
    {
        var ticket = await school.OpenPairingTicketAsync(account);
        var now = school.Time.GetUtcNow();
        var device = new MobileDevice
        {
            Id = Guid.NewGuid(),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            Name = "Telefon Anny",
            Platform = "Android 15",
            PublicKey = publicKey,
            KeyAlgorithm = algorithm,
            CreatedAt = now,
            LastSeenAt = now,
        };
        var mail = new OutboxMessage
        {
            Id = Guid.NewGuid(),
            MessageId = $"<{Guid.NewGuid():N}@test>",
            InstanceSymbol = account.InstanceSymbol,
            Kind = MailKind.NewDevice,
            To = account.Email,
            Subject = "Nowe urządzenie",
            TextBody = "Nowe urządzenie",
            HtmlBody = "<p>Nowe urządzenie</p>",
            CreatedAt = now,
            NextAttemptAt = now,
        };
        Assert.Equal(PairingConsumption.Consumed, await school.Store.ConsumePairingTicketAsync(ticket.Id, now, device, mail, null, None));
        return device;
    }
}

/// <summary>
/// A school like <see cref="TestSchool"/> (instance <c>gminawulkanowo</c>, units SP1 and SP2) for tests that need their
/// own services: a human check, a counting hasher, a log capture, a recorded store, or a second provider over another's store.
/// </summary>
internal sealed class CustomSchool : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private CustomSchool(ServiceProvider provider, FakeTimeProvider time)
    {
        _provider = provider;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _provider;

    public InMemoryAccessStore Store => _provider.GetRequiredService<InMemoryAccessStore>();

    /// <param name="services">Registrations made before <c>AddUonetAccess</c> (its defaults are <c>TryAdd</c>, so these win).</param>
    /// <param name="adapters">Adapter choices made after the store and mail sender.</param>
    /// <param name="configure">Options, after the cheap Argon2 parameters.</param>
    /// <param name="sharedStore">Another provider's store: the new provider then seeds nothing (a second web node or a new deploy).</param>
    /// <param name="time">Another provider's clock.</param>
    public static async Task<CustomSchool> CreateAsync(
        Action<IServiceCollection>? services = null,
        Action<UonetAccessBuilder>? adapters = null,
        Action<UonetAccessOptions>? configure = null,
        InMemoryAccessStore? sharedStore = null,
        FakeTimeProvider? time = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 7, 30, 0, TimeSpan.Zero));
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddSingleton<RecordingMailSender>();
        services?.Invoke(collection);
        var builder = collection.AddUonetAccess(o =>
        {
            o.EnvironmentName = "Development";
            o.PasswordHashing.MemoryKiB = 64;
            o.PasswordHashing.Iterations = 1;
            configure?.Invoke(o);
        })
        .UseStore(_ => sharedStore ?? new InMemoryAccessStore())
        .UseMailSender(sp => sp.GetRequiredService<RecordingMailSender>());
        adapters?.Invoke(builder);
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var school = new CustomSchool(provider, time);
        if (sharedStore is null)
        {
            await school.SeedAsync();
        }

        return school;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private async Task SeedAsync()
    {
        var directory = _provider.GetRequiredService<SchoolDirectory>();
        Ok(await directory.AddInstanceAsync(TestSchool.Symbol, "Gmina Wulkanowo", "https://uonetplus.example.pl/gminawulkanowo/"));
        Ok(await directory.AddUnitAsync(TestSchool.Symbol, TestSchool.Sp1, "Szkoła Podstawowa nr 1"));
        Ok(await directory.AddUnitAsync(TestSchool.Symbol, TestSchool.Sp2, "Szkoła Podstawowa nr 2", requireGuardianPesel: true));
        Ok(await directory.AssignStaffAsync(TestSchool.Symbol, TestSchool.SecretarySp1.Email, "Anna Sekretarz", new StaffAssignment(StaffRole.Secretary, TestSchool.Sp1)));
        Ok(await directory.AssignStaffAsync(TestSchool.Symbol, TestSchool.SecretarySp2.Email, "Ewa Sekretarz", new StaffAssignment(StaffRole.Secretary, TestSchool.Sp2)));
    }

    private static void Ok(AccessResult result) => Assert.True(result.Succeeded, result.ToString());
}

/// <summary>A captcha that every request fails.</summary>
internal sealed class RefusingHumanCheck : IHumanCheck
{
    public ValueTask<bool> VerifyAsync(string? response, string? clientKey, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}

/// <summary>The real Argon2id hasher with the options' parameters, counting verifications.</summary>
internal sealed class CountingPasswordHasher(IOptions<UonetAccessOptions> options) : IPasswordHasher
{
    private readonly Argon2idPasswordHasher _inner = new(options);
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public ValueTask<string> HashAsync(string password, CancellationToken cancellationToken) => _inner.HashAsync(password, cancellationToken);

    public ValueTask<PasswordVerificationResult> VerifyAsync(string password, string encodedHash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyAsync(password, encodedHash, cancellationToken);
    }
}

/// <summary>
/// The real Argon2id hasher behind a gate: once <see cref="HoldUntil"/> is called, every hash and verification waits
/// until that many callers have arrived, so concurrent requests are all past their reads before any of them writes.
/// </summary>
internal sealed class GatedPasswordHasher(IOptions<UonetAccessOptions> options) : IPasswordHasher
{
    private readonly Argon2idPasswordHasher _inner = new(options);
    private TaskCompletionSource? _gate;
    private int _expected;
    private int _arrived;

    public void HoldUntil(int callers)
    {
        _expected = callers;
        _arrived = 0;
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask<string> HashAsync(string password, CancellationToken cancellationToken)
    {
        await PassAsync();
        return await _inner.HashAsync(password, cancellationToken);
    }

    public async ValueTask<PasswordVerificationResult> VerifyAsync(string password, string encodedHash, CancellationToken cancellationToken)
    {
        await PassAsync();
        return await _inner.VerifyAsync(password, encodedHash, cancellationToken);
    }

    private async Task PassAsync()
    {
        if (_gate is not { } gate)
        {
            return;
        }

        if (Interlocked.Increment(ref _arrived) == _expected)
        {
            gate.SetResult();
        }

        // Only a guard against a hang if fewer callers arrive than expected; nothing waits on it otherwise.
        await gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}

/// <summary>Keeps every log entry of every category at every level: its message, state values, scopes and exception.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _texts = new();

    /// <summary>Every piece of text that reached a logger, one entry per message, state value, scope or exception.</summary>
    public IReadOnlyCollection<string> Texts => _texts;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(_texts);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> texts) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            AddState(state);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            texts.Enqueue(formatter(state, exception));
            AddState(state);
            if (exception is not null)
            {
                texts.Enqueue(exception.ToString());
            }
        }

        private void AddState(object? state)
        {
            texts.Enqueue(state?.ToString() ?? string.Empty);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    texts.Enqueue($"{key}={value}");
                }
            }
        }
    }
}

/// <summary>One call made to the credential store, with its arguments.</summary>
internal sealed record StoreCall(string Method, IReadOnlyList<object?> Arguments);

/// <summary>An <see cref="ICredentialStore"/> in front of another that records each call before passing it on.</summary>
#pragma warning disable CA1852 // DispatchProxy derives a proxy type from this class, so it cannot be sealed.
internal class RecordingCredentialStore : DispatchProxy
#pragma warning restore CA1852
{
    private readonly ConcurrentQueue<StoreCall> _calls = new();
    private ICredentialStore _inner = null!;

    public IReadOnlyList<StoreCall> Calls => [.. _calls];

    public static (ICredentialStore Store, RecordingCredentialStore Recorder) Wrap(ICredentialStore inner)
    {
        var proxy = Create<ICredentialStore, RecordingCredentialStore>();
        var recorder = (RecordingCredentialStore)(object)proxy;
        recorder._inner = inner;
        return (proxy, recorder);
    }

    /// <summary>Puts a recording store in front of the in-memory one; <paramref name="created"/> gets the recorder when the container builds it.</summary>
    public static Action<UonetAccessBuilder> Install(Action<RecordingCredentialStore> created) => builder =>
        builder.Services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            var (store, recorder) = Wrap(sp.GetRequiredService<InMemoryAccessStore>());
            created(recorder);
            return store;
        }));

    public void Clear() => _calls.Clear();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        _calls.Enqueue(new StoreCall(targetMethod.Name, args ?? []));
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }
}
