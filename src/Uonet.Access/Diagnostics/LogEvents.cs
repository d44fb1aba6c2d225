using Microsoft.Extensions.Logging;

namespace Uonet.Access.Diagnostics;

/// <summary>
/// Stable event ids of the library's log messages, grouped by thousands per area. Messages carry ids and codes,
/// never passwords, tokens, PINs, PESEL numbers or whole e-mail addresses.
/// </summary>
internal static partial class LogEvents
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Record {StudentId} {Action} in {Instance} by staff member")]
    public static partial void RecordChanged(ILogger logger, Guid studentId, Records.AuditAction action, string instance);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Record change refused in {Instance}: {Code}")]
    public static partial void RecordChangeRefused(ILogger logger, string instance, string code);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Record {StudentId} changed concurrently {Attempts} times; giving up")]
    public static partial void RecordConflict(ILogger logger, Guid studentId, int attempts);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Import into {Instance}/{Unit}: {Imported} rows imported, {Failed} refused")]
    public static partial void ImportFinished(ILogger logger, string instance, string unit, int imported, int failed);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Import run {RunId} into {Instance}/{Unit} ended {Status}: {Written} rows written, {Refused} refused")]
    public static partial void ImportRunEnded(ILogger logger, string instance, string unit, Guid runId, Import.ImportRunStatus status, int written, int refused);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Diagnosis in {Instance}: {Findings} findings, can sign in: {CanSignIn}")]
    public static partial void DiagnosisRun(ILogger logger, string instance, int findings, bool canSignIn);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Directory change in {Instance}: {What}")]
    public static partial void DirectoryChanged(ILogger logger, string instance, string what);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Mail {MessageId} ({Kind}) delivered")]
    public static partial void MailSent(ILogger logger, Guid messageId, Mail.MailKind kind);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Mail {MessageId} ({Kind}) not delivered: {Status}, attempt {Attempt}; next try in {Delay}")]
    public static partial void MailFailed(ILogger logger, Guid messageId, Mail.MailKind kind, Mail.MailDeliveryStatus status, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Mail {MessageId} ({Kind}) cannot be read and was not sent: {Error}")]
    public static partial void MailUnreadable(ILogger logger, Guid messageId, Mail.MailKind kind, string error);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Restore-access request in {Instance} answered")]
    public static partial void AccessStarted(ILogger logger, string instance);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Password set for account {AccountId} in {Instance} (new account: {Created})")]
    public static partial void PasswordSet(ILogger logger, Guid accountId, string instance, bool created);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Sign-in in {Instance}: {Result}")]
    public static partial void SignInResult(ILogger logger, string instance, string result);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Sign-in address locked in {Instance} until {LockedUntil}")]
    public static partial void LockedOut(ILogger logger, string instance, DateTimeOffset lockedUntil);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Password hash of account {AccountId} upgraded to the current parameters")]
    public static partial void Rehashed(ILogger logger, Guid accountId);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Session {SessionId} of account {AccountId} started")]
    public static partial void SessionStarted(ILogger logger, Guid sessionId, Guid accountId);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Sessions of account {AccountId} ended: {Count}")]
    public static partial void SessionsEnded(ILogger logger, Guid accountId, int count);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "TOTP {Change} for account {AccountId}")]
    public static partial void TotpChanged(ILogger logger, Guid accountId, string change);
}
