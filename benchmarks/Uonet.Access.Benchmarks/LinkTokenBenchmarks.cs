using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Storage;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// The single-use link of the first login and <b>Przywróć dostęp</b> (R3, R4), issued and redeemed, against ASP.NET
/// Core Identity's password-reset tokens generated and validated: <c>DataProtectorTokenProvider</c> (the default
/// provider, the baseline) and <c>EmailTokenProvider</c> (6-digit codes). The target: at least 3 times the baseline's
/// throughput, i.e. a Ratio of at most 0.33, with at least its security.
/// </summary>
/// <remarks>
/// The in-memory store supersedes a guardian's open links by scanning all links it holds (a database store updates
/// through an index), so each iteration starts with a fresh store and issues only <see cref="Invocations"/> links: the
/// scan stays around a microsecond. Identity's rows run the same fixed number of invocations, so all rows are measured
/// alike, and every job runs 15 such short iterations rather than its usual few long ones.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(Invocations, 1)]
[IterationCount(15)]
public class LinkTokenBenchmarks
{
    /// <summary>Links issued and redeemed per iteration.</summary>
    public const int Invocations = 256;

    private const string Symbol = "gminabenchmark";
    private const string Email = "rodzic0001@example.pl";
    private const string Purpose = "ResetPassword";

    private static readonly TimeSpan Lifetime = new AccessLinkOptions().TokenLifetime;

    private ServiceProvider _identity = null!;
    private UserManager<IdentityBenchmarkUser> _users = null!;
    private IdentityBenchmarkUser _user = null!;
    private InMemoryAccessStore _store = null!;
    private Account _account = null!;
    private string _passwordHash = null!;
    private string? _lastTokenHash;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddIdentityCore<IdentityBenchmarkUser>().AddDefaultTokenProviders();
        services.AddSingleton<IUserStore<IdentityBenchmarkUser>, IdentityBenchmarkUserStore>();
        _identity = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _users = _identity.GetRequiredService<UserManager<IdentityBenchmarkUser>>();
        _user = new IdentityBenchmarkUser();
        Expect((await _users.CreateAsync(_user)).Succeeded, "Identity does not create the user");
        var hashing = new UonetAccessOptions();
        hashing.PasswordHashing.MemoryKiB = 64;
        hashing.PasswordHashing.Iterations = 1;
        _passwordHash = await new Uonet.Access.Credentials.Passwords.Argon2idPasswordHasher(Microsoft.Extensions.Options.Options.Create(hashing))
            .HashAsync("kot ma ale i psa burka", CancellationToken.None);

        // Each row must accept what it issued, and refuse what it must refuse.
        Expect(await IdentityDataProtectorToken(), "Identity's data-protector token does not validate");
        Expect(await IdentityEmailToken(), "Identity's e-mail token does not validate");
        await NewStoreAsync();
        Expect(await IssueAndRedeemLinkToken() == LinkTokenConsumption.Consumed, "the link is not consumed");
        Expect(await RedeemAgainAsync() == LinkTokenConsumption.AlreadyUsed, "a used link is not refused");
    }

    [IterationSetup(Target = nameof(IssueAndRedeemLinkToken))]
    public void NewStore() => NewStoreAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _identity.DisposeAsync();

    /// <summary>
    /// Identity's default provider as <c>GeneratePasswordResetTokenAsync</c> and <c>VerifyUserTokenAsync</c> use it: the
    /// user id, purpose, time and security stamp, protected (AES-256-CBC and HMAC-SHA256) and unprotected again. Valid
    /// for a day by default and not single-use: it works until it expires or the security stamp changes.
    /// </summary>
    [Benchmark(Baseline = true)]
    public async Task<bool> IdentityDataProtectorToken()
    {
        var token = await _users.GenerateUserTokenAsync(_user, TokenOptions.DefaultProvider, Purpose);
        return await _users.VerifyUserTokenAsync(_user, TokenOptions.DefaultProvider, Purpose, token);
    }

    /// <summary>
    /// Identity's e-mail provider: a 6-digit TOTP code from the security stamp (about 20 bits, with no limit on attempts
    /// of its own), generated and validated.
    /// </summary>
    [Benchmark]
    public async Task<bool> IdentityEmailToken()
    {
        var code = await _users.GenerateUserTokenAsync(_user, TokenOptions.DefaultEmailProvider, Purpose);
        return await _users.VerifyUserTokenAsync(_user, TokenOptions.DefaultEmailProvider, Purpose, code);
    }

    /// <summary>
    /// The library's link, issued as <c>RestoreAccess.StartAsync</c> issues it for an eligible address (256 bits from the
    /// CSPRNG, only its SHA-256 stored, older open links of the address superseded in the same write) and redeemed as
    /// <c>CompleteAsync</c> redeems it around the password (shape, hash, look-up, state, then one atomic write that burns
    /// the link, writes the account with a new security stamp and queues the notice). Without the human check, the
    /// eligibility resolution and the password's policy and hash, which Identity's rows do not do either.
    /// </summary>
    [Benchmark]
    public async Task<LinkTokenConsumption> IssueAndRedeemLinkToken()
    {
        var now = DateTimeOffset.UtcNow;
        var token = SecretTokens.NewToken();
        await _store.RecordLinkRequestAsync(
            new LinkToken
            {
                Id = Guid.CreateVersion7(now),
                TokenHash = SecretTokens.Hash(token),
                InstanceSymbol = Symbol,
                Email = Email,
                CreatedAt = now,
                ExpiresAt = now + Lifetime,
            },
            null,
            now, null,
            CancellationToken.None);

        if (!SecretTokens.HasTokenShape(token))
        {
            return LinkTokenConsumption.NotFound;
        }

        var tokenHash = SecretTokens.Hash(token);
        var link = await _store.FindLinkTokenAsync(tokenHash, CancellationToken.None);
        if (link is null || link.ConsumedAt is not null || link.SupersededAt is not null || link.ExpiresAt <= now)
        {
            return LinkTokenConsumption.NotFound;
        }

        var updated = _account with { SecurityStamp = SecretTokens.NewStamp(), PasswordChangedAt = now, Version = _account.Version + 1 };
        var consumed = await _store.ConsumeLinkTokenAsync(tokenHash, now, updated, _account.Version, Notice(now), null, CancellationToken.None);
        if (consumed == LinkTokenConsumption.Consumed)
        {
            _account = updated;
            _lastTokenHash = tokenHash;
        }

        return consumed;
    }

    private Task<LinkTokenConsumption> RedeemAgainAsync()
    {
        var now = DateTimeOffset.UtcNow;
        return _store.ConsumeLinkTokenAsync(_lastTokenHash!, now, _account with { Version = _account.Version + 1 }, _account.Version, Notice(now), null, CancellationToken.None);
    }

    // A fresh store holding the guardian's account, created through a first link as the first login creates it.
    private async Task NewStoreAsync()
    {
        _store = new InMemoryAccessStore();
        var now = DateTimeOffset.UtcNow;
        var token = SecretTokens.NewToken();
        var link = new LinkToken { Id = Guid.NewGuid(), TokenHash = SecretTokens.Hash(token), InstanceSymbol = Symbol, Email = Email, CreatedAt = now, ExpiresAt = now + Lifetime };
        await _store.RecordLinkRequestAsync(link, null, now, null, CancellationToken.None);
        _account = new Account
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = Symbol,
            Email = Email,
            PasswordHash = _passwordHash,
            SecurityStamp = SecretTokens.NewStamp(),
            CreatedAt = now,
            PasswordChangedAt = now,
        };
        Expect(await _store.ConsumeLinkTokenAsync(link.TokenHash, now, _account, null, Notice(now), null, CancellationToken.None) == LinkTokenConsumption.Consumed, "the first link does not create the account");
    }

    private static OutboxMessage Notice(DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        MessageId = $"<{Guid.NewGuid():N}@uonet.example.pl>",
        InstanceSymbol = Symbol,
        Kind = MailKind.PasswordSet,
        To = Email,
        Subject = "Hasło zostało ustawione",
        TextBody = "Hasło do dziennika zostało ustawione.",
        HtmlBody = "<p>Hasło do dziennika zostało ustawione.</p>",
        CreatedAt = now,
        NextAttemptAt = now,
    };

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Setup check failed: {problem}.");
        }
    }
}
