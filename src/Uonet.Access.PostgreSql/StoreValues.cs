using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;
using Uonet.Access.Sessions;

namespace Uonet.Access.PostgreSql;

/// <summary>
/// What the store accepts, value by value, in one place: each check throws an <see cref="ArgumentException"/> whose
/// parameter name is the field (e.g. <c>StudentRecord.FirstName</c>) before anything is written.
/// </summary>
internal static class StoreValues
{
    public static void Check(SchoolInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(instance.BaseUrl, "SchoolInstance.BaseUrl");
        StoreInput.Text(instance.Symbol, "SchoolInstance.Symbol", StoreLimits.Symbol);
        StoreInput.Text(instance.Name, "SchoolInstance.Name", StoreLimits.DisplayName);
        StoreInput.Text(instance.BaseUrl.OriginalString, "SchoolInstance.BaseUrl", StoreLimits.Url);
    }

    public static void Check(SchoolUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        StoreInput.Text(unit.InstanceSymbol, "SchoolUnit.InstanceSymbol", StoreLimits.Symbol);
        StoreInput.Text(unit.Code, "SchoolUnit.Code", StoreLimits.UnitCode);
        StoreInput.Text(unit.Name, "SchoolUnit.Name", StoreLimits.DisplayName);
    }

    /// <summary>Checks a staff member and returns a copy of the assignments, as they will be written.</summary>
    public static StaffAssignment[] Check(StaffMember staff)
    {
        ArgumentNullException.ThrowIfNull(staff);
        StoreInput.Text(staff.InstanceSymbol, "StaffMember.InstanceSymbol", StoreLimits.Symbol);
        StoreInput.Text(staff.Email, "StaffMember.Email", StoreLimits.Email);
        StoreInput.Text(staff.DisplayName, "StaffMember.DisplayName", StoreLimits.DisplayName);
        var assignments = StoreInput.List(staff.Assignments, "StaffMember.Assignments", StoreLimits.StaffAssignments).ToArray();
        foreach (var assignment in assignments)
        {
            ArgumentNullException.ThrowIfNull(assignment, "StaffMember.Assignments");
            StoreInput.OptionalText(assignment.UnitCode, "StaffAssignment.UnitCode", StoreLimits.UnitCode);
            StoreInput.OptionalText(assignment.ClassName, "StaffAssignment.ClassName", StoreLimits.ClassName);
        }

        return assignments;
    }

    public static void Check(StudentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        StoreInput.Text(record.InstanceSymbol, "StudentRecord.InstanceSymbol", StoreLimits.Symbol);
        StoreInput.Text(record.UnitCode, "StudentRecord.UnitCode", StoreLimits.UnitCode);
        StoreInput.Text(record.ClassName, "StudentRecord.ClassName", StoreLimits.ClassName);
        StoreInput.Text(record.FirstName, "StudentRecord.FirstName", StoreLimits.PersonName);
        StoreInput.Text(record.LastName, "StudentRecord.LastName", StoreLimits.PersonName);
        StoreInput.OptionalText(record.Pesel, "StudentRecord.Pesel", StoreLimits.Pesel);
        StoreInput.OptionalText(record.Email, "StudentRecord.Email", StoreLimits.Email);
        foreach (var guardian in StoreInput.List(record.Guardians, "StudentRecord.Guardians", StoreLimits.Guardians))
        {
            ArgumentNullException.ThrowIfNull(guardian, "StudentRecord.Guardians");
            StoreInput.OptionalText(guardian.FirstName, "GuardianEntry.FirstName", StoreLimits.PersonName);
            StoreInput.OptionalText(guardian.LastName, "GuardianEntry.LastName", StoreLimits.PersonName);
            StoreInput.OptionalText(guardian.Email, "GuardianEntry.Email", StoreLimits.Email);
            StoreInput.OptionalText(guardian.Pesel, "GuardianEntry.Pesel", StoreLimits.Pesel);
        }
    }

    public static void Check(AuditEntry audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        StoreInput.Text(audit.InstanceSymbol, "AuditEntry.InstanceSymbol", StoreLimits.Symbol);
        StoreInput.Text(audit.Actor, "AuditEntry.Actor", StoreLimits.Email);
        foreach (var change in StoreInput.List(audit.Changes, "AuditEntry.Changes", StoreLimits.AuditChanges))
        {
            ArgumentNullException.ThrowIfNull(change, "AuditEntry.Changes");
            StoreInput.Text(change.Field, "AuditChange.Field", StoreLimits.AuditField);
            StoreInput.OptionalText(change.Before, "AuditChange.Before", StoreLimits.AuditValue);
            StoreInput.OptionalText(change.After, "AuditChange.After", StoreLimits.AuditValue);
        }
    }

    /// <summary>Checks an account and returns a copy of its recovery code hashes, in order, as they will be written.</summary>
    public static string[] Check(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        StoreInput.Text(account.InstanceSymbol, "Account.InstanceSymbol", StoreLimits.Symbol);
        StoreInput.Text(account.Email, "Account.Email", StoreLimits.Email);
        StoreInput.Text(account.PasswordHash, "Account.PasswordHash", StoreLimits.PasswordHash);
        StoreInput.Text(account.SecurityStamp, "Account.SecurityStamp", StoreLimits.SecurityStamp);
        StoreInput.OptionalBytes(account.TotpSecret, "Account.TotpSecret", StoreLimits.SecretBytes);
        StoreInput.OptionalBytes(account.PendingTotpSecret, "Account.PendingTotpSecret", StoreLimits.SecretBytes);
        var codes = StoreInput.List(account.RecoveryCodeHashes, "Account.RecoveryCodeHashes", StoreLimits.RecoveryCodes).ToArray();
        foreach (var code in codes)
        {
            StoreInput.Text(code, "Account.RecoveryCodeHashes", StoreLimits.Hash);
        }

        return codes;
    }

    public static void Check(LinkToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        StoreInput.Text(token.TokenHash, "LinkToken.TokenHash", StoreLimits.Hash);
        StoreInput.Text(token.InstanceSymbol, "LinkToken.InstanceSymbol", StoreLimits.Symbol);
        StoreInput.Text(token.Email, "LinkToken.Email", StoreLimits.Email);
    }

    public static void Check(AccessSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        StoreInput.Text(session.SecretHash, "AccessSession.SecretHash", StoreLimits.Hash);
        StoreInput.Text(session.InstanceSymbol, "AccessSession.InstanceSymbol", StoreLimits.Symbol);
        StoreInput.Text(session.SecurityStamp, "AccessSession.SecurityStamp", StoreLimits.SecurityStamp);
    }

    public static void Check(OutboxMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        StoreInput.Text(mail.MessageId, "OutboxMessage.MessageId", StoreLimits.MessageId);
        StoreInput.OptionalText(mail.InstanceSymbol, "OutboxMessage.InstanceSymbol", StoreLimits.Symbol);
        StoreInput.Text(mail.To, "OutboxMessage.To", StoreLimits.Email);
        StoreInput.Text(mail.Subject, "OutboxMessage.Subject", StoreLimits.Subject);
        StoreInput.Text(mail.TextBody, "OutboxMessage.TextBody", StoreLimits.MailBody);
        StoreInput.Text(mail.HtmlBody, "OutboxMessage.HtmlBody", StoreLimits.MailBody);
        StoreInput.OptionalText(mail.Link, "OutboxMessage.Link", StoreLimits.Url);
        StoreInput.OptionalText(mail.LastError, "OutboxMessage.LastError", StoreLimits.MailError);
    }

    public static void Check(PairingTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        StoreInput.Text(ticket.TokenHash, "PairingTicket.TokenHash", StoreLimits.Hash);
        StoreInput.Text(ticket.PinHash, "PairingTicket.PinHash", StoreLimits.Hash);
        StoreInput.Text(ticket.InstanceSymbol, "PairingTicket.InstanceSymbol", StoreLimits.Symbol);
    }

    public static void Check(MobileDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        StoreInput.Text(device.InstanceSymbol, "MobileDevice.InstanceSymbol", StoreLimits.Symbol);
        StoreInput.Text(device.Name, "MobileDevice.Name", StoreLimits.DeviceText);
        StoreInput.Text(device.Platform, "MobileDevice.Platform", StoreLimits.DeviceText);
        ArgumentNullException.ThrowIfNull(device.PublicKey, "MobileDevice.PublicKey");
        StoreInput.OptionalBytes(device.PublicKey, "MobileDevice.PublicKey", StoreLimits.PublicKeyBytes);
    }

    public static void Check(MaintenanceWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        StoreInput.OptionalText(window.InstanceSymbol, "MaintenanceWindow.InstanceSymbol", StoreLimits.Symbol);
        StoreInput.Text(window.MessagePolish, "MaintenanceWindow.MessagePolish", StoreLimits.MaintenanceMessage);
        StoreInput.Text(window.MessageEnglish, "MaintenanceWindow.MessageEnglish", StoreLimits.MaintenanceMessage);
        StoreInput.Text(window.CreatedBy, "MaintenanceWindow.CreatedBy", StoreLimits.Email);
    }
}
