namespace Uonet.Access.EntityFrameworkCore.Rows;

/// <summary>
/// Times as 100-ns ticks since 1970-01-01 UTC, the same on every provider: exact .NET precision, and ordered and
/// compared as plain integers where a provider (SQLite) cannot compare a <see cref="DateTimeOffset"/>.
/// </summary>
internal static class StoredTime
{
    private static readonly long Epoch = DateTimeOffset.UnixEpoch.UtcTicks;

    public static long From(DateTimeOffset value) => value.UtcTicks - Epoch;

    public static long? From(DateTimeOffset? value) => value is { } time ? From(time) : null;

    public static DateTimeOffset To(long value) => new(Epoch + value, TimeSpan.Zero);

    public static DateTimeOffset? To(long? value) => value is { } ticks ? To(ticks) : null;
}
