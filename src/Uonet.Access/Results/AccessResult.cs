namespace Uonet.Access;

/// <summary>The outcome of an operation that returns no value: success, or one or more <see cref="AccessError"/>s.</summary>
public class AccessResult
{
    private static readonly AccessResult SuccessInstance = new([]);

    /// <summary>Creates a result from its errors; no errors means success.</summary>
    protected AccessResult(IReadOnlyList<AccessError> errors) => Errors = errors;

    /// <summary>Whether the operation succeeded.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Every reason the operation was refused; empty on success.</summary>
    public IReadOnlyList<AccessError> Errors { get; }

    /// <summary>The first error, or <see langword="null"/> on success.</summary>
    public AccessError? Error => Errors.Count == 0 ? null : Errors[0];

    /// <summary>A successful result.</summary>
    public static AccessResult Success() => SuccessInstance;

    /// <summary>A failed result with the given errors (at least one).</summary>
    public static AccessResult Failure(params IReadOnlyList<AccessError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        }

        return new AccessResult(errors);
    }

    /// <summary>A failed result with a single error code.</summary>
    public static AccessResult Failure(string code, string? field = null) => Failure(new AccessError(code, field));

    /// <inheritdoc />
    public override string ToString() => Succeeded ? "Succeeded" : "Failed: " + string.Join(", ", Errors);
}

/// <summary>The outcome of an operation that returns a <typeparamref name="T"/> on success.</summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class AccessResult<T> : AccessResult
{
    private readonly T? _value;

    private AccessResult(T value) : base([]) => _value = value;

    private AccessResult(IReadOnlyList<AccessError> errors) : base(errors)
    {
    }

    /// <summary>The value; reading it from a failed result is a programming error.</summary>
    /// <exception cref="InvalidOperationException">The result is a failure.</exception>
    public T Value => Succeeded
        ? _value!
        : throw new InvalidOperationException($"The operation failed ({Errors[0].Code}); there is no value.");

    /// <summary>A successful result with its value.</summary>
    public static AccessResult<T> Success(T value) => new(value);

    /// <summary>A failed result with the given errors (at least one).</summary>
    public static new AccessResult<T> Failure(params IReadOnlyList<AccessError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        }

        return new AccessResult<T>(errors);
    }

    /// <summary>A failed result with a single error code.</summary>
    public static new AccessResult<T> Failure(string code, string? field = null) => Failure(new AccessError(code, field));
}
