using System.Globalization;
using Uonet.Access.Records;

namespace Uonet.Access.PostgreSql;

/// <summary>
/// The longest values the store keeps, checked before anything is written. They are the SQLite store's limits (the
/// library's own, with headroom where it sets none), so data moves between the stores unchanged; a caller writing to the
/// store directly gets an <see cref="ArgumentException"/> naming the field instead of a huge row.
/// </summary>
internal static class StoreLimits
{
    public const int Symbol = 64;
    public const int UnitCode = 32;
    public const int Email = EmailAddress.MaxLength;
    public const int PersonName = StudentRecordLimits.MaxNameLength;
    public const int ClassName = StudentRecordLimits.MaxClassNameLength;
    public const int DisplayName = StudentRecordLimits.MaxDisplayNameLength;
    public const int Guardians = StudentRecordLimits.MaxGuardians;
    public const int Pesel = 11;
    public const int Url = 2048;
    public const int AuditField = 200;
    public const int AuditValue = 1000;
    public const int AuditChanges = 256;
    public const int StaffAssignments = 256;
    public const int Hash = 128;
    public const int PasswordHash = 4096;
    public const int SecurityStamp = 128;
    public const int SecretBytes = 1024;
    public const int RecoveryCodes = 100;
    public const int AttemptKey = 512;
    public const int MessageId = 998;
    public const int Subject = 998;
    public const int MailBody = 256 * 1024;
    public const int MailError = 2000;
    public const int DeviceText = 100;
    public const int PublicKeyBytes = 4096;
    public const int MaintenanceMessage = 500;
}

/// <summary>
/// Checks values before they are bound. PostgreSQL's <c>text</c> cannot hold a NUL character and the server would
/// answer with an encoding error; a lone surrogate has no UTF-8 form at all. Both are refused here, naming the field.
/// </summary>
internal static class StoreInput
{
    /// <summary>A required text value: present, at most <paramref name="maxLength"/> UTF-16 units, valid UTF-16, no NUL.</summary>
    public static string Text(string? value, string field, int maxLength) =>
        value is null ? throw new ArgumentException($"{field} is required.", field) : Checked(value, field, maxLength);

    /// <summary>An optional text value, checked like <see cref="Text"/> when present.</summary>
    public static string? OptionalText(string? value, string field, int maxLength) =>
        value is null ? null : Checked(value, field, maxLength);

    /// <summary>A key used only to look something up: it is never stored, so only its encoding matters.</summary>
    public static string Key(string? value, string field) => Text(value, field, int.MaxValue);

    /// <summary>An optional byte array of at most <paramref name="maxLength"/> bytes.</summary>
    public static byte[]? OptionalBytes(byte[]? value, string field, int maxLength) =>
        value is not null && value.Length > maxLength ? throw TooLong(field, value.Length, maxLength, "bytes") : value;

    /// <summary>A list of at most <paramref name="maxCount"/> items.</summary>
    public static IReadOnlyList<T> List<T>(IReadOnlyList<T>? value, string field, int maxCount)
    {
        if (value is null)
        {
            throw new ArgumentException($"{field} is required.", field);
        }

        return value.Count > maxCount ? throw TooLong(field, value.Count, maxCount, "items") : value;
    }

    private static string Checked(string value, string field, int maxLength)
    {
        if (value.Length > maxLength)
        {
            throw TooLong(field, value.Length, maxLength, "characters");
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                throw new ArgumentException($"{field} contains a NUL character, which PostgreSQL text cannot hold.", field);
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{field} is not valid UTF-16 (a lone surrogate at index {i}), so it has no UTF-8 form for PostgreSQL; the store refuses it rather than store a replacement character."),
                    field);
            }
        }

        return value;
    }

    private static ArgumentException TooLong(string field, int length, int maxLength, string unit) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{field} holds {length} {unit}; the PostgreSQL store keeps at most {maxLength}."), field);
}
