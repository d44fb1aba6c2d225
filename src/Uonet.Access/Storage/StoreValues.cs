using System.Globalization;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Import;
using Uonet.Access.Mail;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;

namespace Uonet.Access.Storage;

/// <summary>
/// The longest values a store keeps: the library's own limits, with headroom where it sets none. Every store shipped
/// with the library sizes its columns by them, so data moves between stores unchanged; a third-party store should too.
/// </summary>
public static class StoreLimits
{
    /// <summary>An instance symbol, in characters.</summary>
    public const int Symbol = 64;
    /// <summary>A unit code, in characters.</summary>
    public const int UnitCode = 32;
    /// <summary>An e-mail address, in characters (RFC 5321).</summary>
    public const int Email = EmailAddress.MaxLength;
    /// <summary>A first or last name, in characters.</summary>
    public const int PersonName = StudentRecordLimits.MaxNameLength;
    /// <summary>A class name, in characters.</summary>
    public const int ClassName = StudentRecordLimits.MaxClassNameLength;
    /// <summary>A display name of an instance, unit or staff member, in characters.</summary>
    public const int DisplayName = StudentRecordLimits.MaxDisplayNameLength;
    /// <summary>Guardian entries in one record.</summary>
    public const int Guardians = StudentRecordLimits.MaxGuardians;
    /// <summary>A PESEL, in characters.</summary>
    public const int Pesel = 11;
    /// <summary>A URL, in characters.</summary>
    public const int Url = 2048;
    /// <summary>An audited field name, in characters.</summary>
    public const int AuditField = 200;
    /// <summary>An audited value, in characters.</summary>
    public const int AuditValue = 1000;
    /// <summary>Changes in one audit entry.</summary>
    public const int AuditChanges = 256;
    /// <summary>Roles of one staff member.</summary>
    public const int StaffAssignments = 256;
    /// <summary>A token, PIN or recovery code hash, in characters.</summary>
    public const int Hash = 128;
    /// <summary>A PHC password hash string, in characters.</summary>
    public const int PasswordHash = 4096;
    /// <summary>A security stamp, in characters.</summary>
    public const int SecurityStamp = 128;
    /// <summary>A TOTP secret, in bytes.</summary>
    public const int SecretBytes = 1024;
    /// <summary>Recovery code hashes of one account.</summary>
    public const int RecoveryCodes = 100;
    /// <summary>An attempt counter key, in characters.</summary>
    public const int AttemptKey = 512;
    /// <summary>A Message-Id, in characters (RFC 5322 line length).</summary>
    public const int MessageId = 998;
    /// <summary>A mail subject, in characters (RFC 5322 line length).</summary>
    public const int Subject = 998;
    /// <summary>A mail body (text or HTML), in characters.</summary>
    public const int MailBody = 256 * 1024;
    /// <summary>A mail's link as stored (protected, so longer than the <see cref="Url"/> it holds), in characters.</summary>
    public const int ProtectedLink = 4096;
    /// <summary>A session's client description (browser and system), in characters.</summary>
    public const int ClientDescription = 100;
    /// <summary>A session's client network (an address cut to /24 or /48 with its prefix length), in characters.</summary>
    public const int ClientNetwork = 64;
    /// <summary>A delivery error, in characters.</summary>
    public const int MailError = 2000;
    /// <summary>A device name or platform, in characters.</summary>
    public const int DeviceText = 100;
    /// <summary>A device public key (SubjectPublicKeyInfo), in bytes.</summary>
    public const int PublicKeyBytes = 4096;
    /// <summary>A maintenance message in one language, in characters.</summary>
    public const int MaintenanceMessage = 500;
    /// <summary>The file name of an import run, in characters (the common file-system limit).</summary>
    public const int FileName = 255;

    /// <summary>A security event's client network, client description or detail, in characters.</summary>
    public const int SecurityEventText = 200;

    /// <summary>A passkey's credential id, in bytes (WebAuthn's limit).</summary>
    public const int CredentialId = 1023;

    /// <summary>A passkey's user handle, in bytes (WebAuthn's limit).</summary>
    public const int UserHandle = 64;

    /// <summary>A passkey's name, in characters.</summary>
    public const int PasskeyName = 100;

    /// <summary>A passkey's transports, in items.</summary>
    public const int PasskeyTransports = 8;

    /// <summary>The options of an open passkey ceremony, as JSON, in characters.</summary>
    public const int PasskeyOptions = 16 * 1024;
}

/// <summary>
/// The checks every store makes before it writes, in one place: each throws an <see cref="ArgumentException"/> whose
/// parameter name is the field (e.g. <c>StudentRecord.FirstName</c>) for a missing, too long or unstorable value (a
/// NUL character, which PostgreSQL text cannot hold; a lone surrogate, which has no UTF-8 form and which SQLite would
/// silently replace). The workflows never produce such values; the checks keep a caller writing to a store directly
/// from leaving a huge or mangled row.
/// </summary>
public static class StoreValues
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

    /// <summary>
    /// <paramref name="records"/> in the order <see cref="IStudentRecordStore.ListStudentsAsync"/> promises: ordinally
    /// by class, last name and first name, then by id. A store sorts in .NET rather than trusting its database's
    /// collation, which may order UTF-8 bytes (SQLite's BINARY, PostgreSQL's "C") and so differ past U+FFFF.
    /// </summary>
    public static IReadOnlyList<StudentRecord> InListOrder(IEnumerable<StudentRecord> records) =>
        [.. records
            .OrderBy(r => r.ClassName, StringComparer.Ordinal)
            .ThenBy(r => r.LastName, StringComparer.Ordinal)
            .ThenBy(r => r.FirstName, StringComparer.Ordinal)
            .ThenBy(r => r.Id)];

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
                throw new ArgumentException($"{field} contains a NUL character, which no store keeps (PostgreSQL text cannot hold it).", field);
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{field} is not valid UTF-16 (a lone surrogate at index {i}), so it has no UTF-8 form; the store refuses it rather than keep a replacement character."),
                    field);
            }
        }

        return value;
    }

    private static ArgumentException TooLong(string field, int length, int maxLength, string unit) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{field} holds {length} {unit}; the store keeps at most {maxLength}."), field);

    /// <summary>Checks every value of a <see cref="SchoolInstance"/> before it is written.</summary>
    public static void Check(SchoolInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(instance.BaseUrl, "SchoolInstance.BaseUrl");
        Text(instance.Symbol, "SchoolInstance.Symbol", StoreLimits.Symbol);
        Text(instance.Name, "SchoolInstance.Name", StoreLimits.DisplayName);
        Text(instance.BaseUrl.OriginalString, "SchoolInstance.BaseUrl", StoreLimits.Url);
    }

    /// <summary>Checks every value of a <see cref="SchoolUnit"/> before it is written.</summary>
    public static void Check(SchoolUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        Text(unit.InstanceSymbol, "SchoolUnit.InstanceSymbol", StoreLimits.Symbol);
        Text(unit.Code, "SchoolUnit.Code", StoreLimits.UnitCode);
        Text(unit.Name, "SchoolUnit.Name", StoreLimits.DisplayName);
    }

    /// <summary>Checks a staff member and returns a copy of the assignments, as they will be written.</summary>
    public static StaffAssignment[] Check(StaffMember staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        Text(staff.InstanceSymbol, "StaffMember.InstanceSymbol", StoreLimits.Symbol);
        Text(staff.Email, "StaffMember.Email", StoreLimits.Email);
        Text(staff.DisplayName, "StaffMember.DisplayName", StoreLimits.DisplayName);
        var assignments = List(staff.Assignments, "StaffMember.Assignments", StoreLimits.StaffAssignments).ToArray();
        foreach (var assignment in assignments)
        {
            ArgumentNullException.ThrowIfNull(assignment, "StaffMember.Assignments");
            OptionalText(assignment.UnitCode, "StaffAssignment.UnitCode", StoreLimits.UnitCode);
            OptionalText(assignment.ClassName, "StaffAssignment.ClassName", StoreLimits.ClassName);
        }

        return assignments;
    }

    /// <summary>Checks every value of a <see cref="StudentRecord"/> before it is written.</summary>
    public static void Check(StudentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Text(record.InstanceSymbol, "StudentRecord.InstanceSymbol", StoreLimits.Symbol);
        Text(record.UnitCode, "StudentRecord.UnitCode", StoreLimits.UnitCode);
        Text(record.ClassName, "StudentRecord.ClassName", StoreLimits.ClassName);
        Text(record.FirstName, "StudentRecord.FirstName", StoreLimits.PersonName);
        Text(record.LastName, "StudentRecord.LastName", StoreLimits.PersonName);
        OptionalText(record.Pesel, "StudentRecord.Pesel", StoreLimits.Pesel);
        OptionalText(record.Email, "StudentRecord.Email", StoreLimits.Email);
        foreach (var guardian in List(record.Guardians, "StudentRecord.Guardians", StoreLimits.Guardians))
        {
            ArgumentNullException.ThrowIfNull(guardian, "StudentRecord.Guardians");
            OptionalText(guardian.FirstName, "GuardianEntry.FirstName", StoreLimits.PersonName);
            OptionalText(guardian.LastName, "GuardianEntry.LastName", StoreLimits.PersonName);
            OptionalText(guardian.Email, "GuardianEntry.Email", StoreLimits.Email);
            OptionalText(guardian.Pesel, "GuardianEntry.Pesel", StoreLimits.Pesel);
        }
    }

    /// <summary>Checks every value of a <see cref="AuditEntry"/> before it is written.</summary>
    public static void Check(AuditEntry audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        Text(audit.InstanceSymbol, "AuditEntry.InstanceSymbol", StoreLimits.Symbol);
        Text(audit.Actor, "AuditEntry.Actor", StoreLimits.Email);
        foreach (var change in List(audit.Changes, "AuditEntry.Changes", StoreLimits.AuditChanges))
        {
            ArgumentNullException.ThrowIfNull(change, "AuditEntry.Changes");
            Text(change.Field, "AuditChange.Field", StoreLimits.AuditField);
            OptionalText(change.Before, "AuditChange.Before", StoreLimits.AuditValue);
            OptionalText(change.After, "AuditChange.After", StoreLimits.AuditValue);
        }
    }

    /// <summary>Checks an account and returns a copy of its recovery code hashes, in order, as they will be written.</summary>
    public static string[] Check(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        Text(account.InstanceSymbol, "Account.InstanceSymbol", StoreLimits.Symbol);
        Text(account.Email, "Account.Email", StoreLimits.Email);
        Text(account.PasswordHash, "Account.PasswordHash", StoreLimits.PasswordHash);
        Text(account.SecurityStamp, "Account.SecurityStamp", StoreLimits.SecurityStamp);
        OptionalBytes(account.TotpSecret, "Account.TotpSecret", StoreLimits.SecretBytes);
        OptionalBytes(account.PendingTotpSecret, "Account.PendingTotpSecret", StoreLimits.SecretBytes);
        if (account.SecondFactorTicket is { } ticket)
        {
            Text(ticket.TicketHash, "Account.SecondFactorTicket.TicketHash", StoreLimits.Hash);
            if (ticket.ClientKeyHash is not null)
            {
                Text(ticket.ClientKeyHash, "Account.SecondFactorTicket.ClientKeyHash", StoreLimits.Hash);
            }
        }

        var codes = List(account.RecoveryCodeHashes, "Account.RecoveryCodeHashes", StoreLimits.RecoveryCodes).ToArray();
        foreach (var code in codes)
        {
            Text(code, "Account.RecoveryCodeHashes", StoreLimits.Hash);
        }

        return codes;
    }

    /// <summary>Checks every value of a <see cref="LinkToken"/> before it is written.</summary>
    public static void Check(LinkToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Text(token.TokenHash, "LinkToken.TokenHash", StoreLimits.Hash);
        Text(token.InstanceSymbol, "LinkToken.InstanceSymbol", StoreLimits.Symbol);
        Text(token.Email, "LinkToken.Email", StoreLimits.Email);
    }

    /// <summary>Checks every value of a <see cref="AccessSession"/> before it is written.</summary>
    public static void Check(AccessSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Text(session.SecretHash, "AccessSession.SecretHash", StoreLimits.Hash);
        Text(session.InstanceSymbol, "AccessSession.InstanceSymbol", StoreLimits.Symbol);
        Text(session.SecurityStamp, "AccessSession.SecurityStamp", StoreLimits.SecurityStamp);
        OptionalText(session.ClientDescription, "AccessSession.ClientDescription", StoreLimits.ClientDescription);
        OptionalText(session.ClientNetwork, "AccessSession.ClientNetwork", StoreLimits.ClientNetwork);
    }

    /// <summary>Checks every value of a <see cref="OutboxMessage"/> before it is written.</summary>
    public static void Check(OutboxMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        Text(mail.MessageId, "OutboxMessage.MessageId", StoreLimits.MessageId);
        OptionalText(mail.InstanceSymbol, "OutboxMessage.InstanceSymbol", StoreLimits.Symbol);
        Text(mail.To, "OutboxMessage.To", StoreLimits.Email);
        Text(mail.Subject, "OutboxMessage.Subject", StoreLimits.Subject);
        Text(mail.TextBody, "OutboxMessage.TextBody", StoreLimits.MailBody);
        Text(mail.HtmlBody, "OutboxMessage.HtmlBody", StoreLimits.MailBody);
        OptionalText(mail.Link, "OutboxMessage.Link", StoreLimits.ProtectedLink);
        OptionalText(mail.LastError, "OutboxMessage.LastError", StoreLimits.MailError);
    }

    /// <summary>Checks every value of a <see cref="Passkeys.Passkey"/> before it is written.</summary>
    public static void Check(Passkeys.Passkey passkey)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        Text(passkey.InstanceSymbol, "Passkey.InstanceSymbol", StoreLimits.Symbol);
        RequiredBytes(passkey.CredentialId, "Passkey.CredentialId", StoreLimits.CredentialId);
        RequiredBytes(passkey.PublicKey, "Passkey.PublicKey", StoreLimits.PublicKeyBytes);
        RequiredBytes(passkey.UserHandle, "Passkey.UserHandle", StoreLimits.UserHandle);
        Text(passkey.Name, "Passkey.Name", StoreLimits.PasskeyName);
        foreach (var transport in List(passkey.Transports, "Passkey.Transports", StoreLimits.PasskeyTransports))
        {
            Text(transport, "Passkey.Transports", StoreLimits.DeviceText);
        }

        if (passkey.SignCount is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(passkey), passkey.SignCount, "Passkey.SignCount is a 32-bit unsigned counter.");
        }
    }

    /// <summary>Checks an open passkey ceremony before it is stored.</summary>
    public static void Check(Passkeys.PasskeyChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        Text(challenge.ChallengeHash, "PasskeyChallenge.ChallengeHash", StoreLimits.Hash);
        Text(challenge.InstanceSymbol, "PasskeyChallenge.InstanceSymbol", StoreLimits.Symbol);
        Text(challenge.OptionsJson, "PasskeyChallenge.OptionsJson", StoreLimits.PasskeyOptions);
        if (!Enum.IsDefined(challenge.Ceremony))
        {
            throw new ArgumentException($"PasskeyChallenge.Ceremony {(int)challenge.Ceremony} is not a known ceremony.", nameof(challenge));
        }
    }

    private static void RequiredBytes(byte[]? value, string field, int maxLength)
    {
        if (value is null || value.Length == 0)
        {
            throw new ArgumentException($"{field} is required.", field);
        }

        OptionalBytes(value, field, maxLength);
    }

    /// <summary>Checks every value of a <see cref="SecurityEvent"/> (if any) before it is written.</summary>
    public static void Check(SecurityEvent? securityEvent)
    {
        if (securityEvent is null)
        {
            return;
        }

        Text(securityEvent.InstanceSymbol, "SecurityEvent.InstanceSymbol", StoreLimits.Symbol);
        if (!Enum.IsDefined(securityEvent.Kind))
        {
            throw new ArgumentException($"SecurityEvent.Kind {(int)securityEvent.Kind} is not a known kind.", nameof(securityEvent));
        }

        OptionalText(securityEvent.ClientAddress, "SecurityEvent.ClientAddress", StoreLimits.SecurityEventText);
        OptionalText(securityEvent.ClientDescription, "SecurityEvent.ClientDescription", StoreLimits.SecurityEventText);
        OptionalText(securityEvent.Detail, "SecurityEvent.Detail", StoreLimits.SecurityEventText);
    }

    /// <summary>Checks every value of a <see cref="PairingTicket"/> before it is written.</summary>
    public static void Check(PairingTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        Text(ticket.TokenHash, "PairingTicket.TokenHash", StoreLimits.Hash);
        Text(ticket.PinHash, "PairingTicket.PinHash", StoreLimits.Hash);
        Text(ticket.InstanceSymbol, "PairingTicket.InstanceSymbol", StoreLimits.Symbol);
    }

    /// <summary>Checks every value of a <see cref="MobileDevice"/> before it is written.</summary>
    public static void Check(MobileDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        Text(device.InstanceSymbol, "MobileDevice.InstanceSymbol", StoreLimits.Symbol);
        Text(device.Name, "MobileDevice.Name", StoreLimits.DeviceText);
        Text(device.Platform, "MobileDevice.Platform", StoreLimits.DeviceText);
        ArgumentNullException.ThrowIfNull(device.PublicKey, "MobileDevice.PublicKey");
        OptionalBytes(device.PublicKey, "MobileDevice.PublicKey", StoreLimits.PublicKeyBytes);
    }

    /// <summary>Checks every value of a <see cref="MaintenanceWindow"/> before it is written.</summary>
    public static void Check(MaintenanceWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        OptionalText(window.InstanceSymbol, "MaintenanceWindow.InstanceSymbol", StoreLimits.Symbol);
        Text(window.MessagePolish, "MaintenanceWindow.MessagePolish", StoreLimits.MaintenanceMessage);
        Text(window.MessageEnglish, "MaintenanceWindow.MessageEnglish", StoreLimits.MaintenanceMessage);
        Text(window.CreatedBy, "MaintenanceWindow.CreatedBy", StoreLimits.Email);
    }

    /// <summary>Checks every value of an <see cref="ImportRun"/> before it is written.</summary>
    public static void Check(ImportRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Text(run.InstanceSymbol, "ImportRun.InstanceSymbol", StoreLimits.Symbol);
        Text(run.UnitCode, "ImportRun.UnitCode", StoreLimits.UnitCode);
        Text(run.ActorEmail, "ImportRun.ActorEmail", StoreLimits.Email);
        OptionalText(run.FileName, "ImportRun.FileName", StoreLimits.FileName);
        ArgumentOutOfRangeException.ThrowIfNegative(run.RowsWritten, "ImportRun.RowsWritten");
        ArgumentOutOfRangeException.ThrowIfNegative(run.RowsRefused, "ImportRun.RowsRefused");
        if (!Enum.IsDefined(run.Status))
        {
            throw new ArgumentException($"ImportRun.Status {(int)run.Status} is not an ImportRunStatus.", "ImportRun.Status");
        }
    }
}
