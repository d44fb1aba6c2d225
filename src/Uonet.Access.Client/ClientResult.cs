namespace Uonet.Access.Client;

/// <summary>The answer of one mobile API call: a value, or a <see cref="ClientError"/> with a stable code.</summary>
/// <typeparam name="T">The value of a successful call.</typeparam>
public sealed class ClientResult<T>
{
    private readonly T? _value;

    private ClientResult(T? value, ClientError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>Whether the call succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The value of a successful call.</summary>
    /// <exception cref="InvalidOperationException">The call failed: read <see cref="Error"/>.</exception>
    public T Value => Succeeded ? _value! : throw new InvalidOperationException($"The call failed with {Error!.Code}; read Error instead of Value.");

    /// <summary>The refusal; <see langword="null"/> when the call succeeded.</summary>
    public ClientError? Error { get; }

    /// <summary>A successful result.</summary>
    /// <param name="value">The value.</param>
    public static ClientResult<T> Success(T value) => new(value, null);

    /// <summary>A failed result.</summary>
    /// <param name="error">The refusal.</param>
    public static ClientResult<T> Failure(ClientError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));
}
