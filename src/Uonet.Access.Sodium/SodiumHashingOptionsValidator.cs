using Microsoft.Extensions.Options;

namespace Uonet.Access.Sodium;

/// <summary>Reports at start-up the password-hashing options libsodium cannot hash with, all together.</summary>
internal sealed class SodiumHashingOptionsValidator : IValidateOptions<UonetAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, UonetAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = SodiumArgon2id.Problems(options.PasswordHashing);
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"UonetAccessOptions.PasswordHashing (UseSodiumHasher): {p}"));
    }
}
