using Konscious.Security.Cryptography;

namespace Uonet.Access.Credentials.Passwords;

/// <summary>Argon2id on Konscious.Security.Cryptography: managed code, every number the PHC strings allow.</summary>
internal sealed class KonsciousArgon2id : IArgon2idFunction
{
    public static KonsciousArgon2id Instance { get; } = new();

    private KonsciousArgon2id()
    {
    }

    public bool Supports(Argon2Parameters parameters, int saltLength, int tagLength) =>
        PhcArgon2String.IsWithinLimits(parameters, saltLength, tagLength);

    // Konscious keeps references to the password and salt (no copies) but allocates the whole of m on the managed heap
    // for every hash: one ulong[] per lane (19 MiB at the OWASP row, so a large-object-heap array) that its API gives no
    // way to supply or reuse, neither pooled nor cleared. Only the hasher's cap bounds how many such arrays live at once
    // (DESIGN §5; Konscious issues #12, #56). GetBytesAsync, unlike GetBytes, blocks no thread, and measures the same.
    public async ValueTask<byte[]> ComputeAsync(byte[] password, byte[] salt, Argon2Parameters parameters, int tagLength)
    {
        using var argon2 = new Argon2id(password)
        {
            Salt = salt,
            MemorySize = parameters.MemoryKiB,
            Iterations = parameters.Iterations,
            DegreeOfParallelism = parameters.Parallelism,
        };
        return await argon2.GetBytesAsync(tagLength).ConfigureAwait(false);
    }
}
