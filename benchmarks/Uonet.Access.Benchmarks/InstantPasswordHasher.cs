using Uonet.Access.Credentials;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// A hasher that does no work: it stores the password behind a prefix and compares it back. Only for measuring what
/// a sign-in costs besides the hash; never a way to store passwords.
/// </summary>
internal sealed class InstantPasswordHasher : IPasswordHasher
{
    private const string Prefix = "$instant$";

    public ValueTask<string> HashAsync(string password, CancellationToken cancellationToken) => ValueTask.FromResult(Prefix + password);

    public ValueTask<PasswordVerificationResult> VerifyAsync(string password, string encodedHash, CancellationToken cancellationToken) =>
        ValueTask.FromResult(
            encodedHash.StartsWith(Prefix, StringComparison.Ordinal) && encodedHash.AsSpan(Prefix.Length).SequenceEqual(password)
                ? PasswordVerificationResult.Success
                : PasswordVerificationResult.Failed);
}
