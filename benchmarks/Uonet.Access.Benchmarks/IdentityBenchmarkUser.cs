using Microsoft.AspNetCore.Identity;

namespace Uonet.Access.Benchmarks;

/// <summary>The user of the ASP.NET Core Identity reference rows: a guardian with an e-mail and a security stamp.</summary>
public sealed class IdentityBenchmarkUser
{
    public string Id { get; } = Guid.NewGuid().ToString();

    public string Email { get; set; } = "rodzic0001@example.pl";

    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
}

/// <summary>
/// The least user store Identity's token providers need (users, e-mails, security stamps), in memory: the reference rows
/// measure the providers, not a database.
/// </summary>
internal sealed class IdentityBenchmarkUserStore : IUserSecurityStampStore<IdentityBenchmarkUser>, IUserEmailStore<IdentityBenchmarkUser>
{
    private readonly Dictionary<string, IdentityBenchmarkUser> _users = new(StringComparer.Ordinal);

    public Task<IdentityResult> CreateAsync(IdentityBenchmarkUser user, CancellationToken cancellationToken)
    {
        _users[user.Id] = user;
        return Task.FromResult(IdentityResult.Success);
    }

    public Task<IdentityBenchmarkUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_users.GetValueOrDefault(userId));

    public Task<string> GetUserIdAsync(IdentityBenchmarkUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

    public Task<string?> GetUserNameAsync(IdentityBenchmarkUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    public Task<string?> GetNormalizedUserNameAsync(IdentityBenchmarkUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email.ToUpperInvariant());

    public Task SetUserNameAsync(IdentityBenchmarkUser user, string? userName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetNormalizedUserNameAsync(IdentityBenchmarkUser user, string? normalizedName, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IdentityResult> UpdateAsync(IdentityBenchmarkUser user, CancellationToken cancellationToken) => Task.FromResult(IdentityResult.Success);

    public Task<IdentityResult> DeleteAsync(IdentityBenchmarkUser user, CancellationToken cancellationToken) => Task.FromResult(IdentityResult.Success);

    public Task<IdentityBenchmarkUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        Task.FromResult(_users.Values.FirstOrDefault(u => u.Email.ToUpperInvariant() == normalizedUserName));

    public Task SetSecurityStampAsync(IdentityBenchmarkUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(IdentityBenchmarkUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task SetEmailAsync(IdentityBenchmarkUser user, string? email, CancellationToken cancellationToken)
    {
        user.Email = email ?? string.Empty;
        return Task.CompletedTask;
    }

    public Task<string?> GetEmailAsync(IdentityBenchmarkUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    public Task<bool> GetEmailConfirmedAsync(IdentityBenchmarkUser user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetEmailConfirmedAsync(IdentityBenchmarkUser user, bool confirmed, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IdentityBenchmarkUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) => FindByNameAsync(normalizedEmail, cancellationToken);

    public Task<string?> GetNormalizedEmailAsync(IdentityBenchmarkUser user, CancellationToken cancellationToken) => GetNormalizedUserNameAsync(user, cancellationToken);

    public Task SetNormalizedEmailAsync(IdentityBenchmarkUser user, string? normalizedEmail, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
