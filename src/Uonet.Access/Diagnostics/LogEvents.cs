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

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Diagnosis in {Instance}: {Findings} findings, can sign in: {CanSignIn}")]
    public static partial void DiagnosisRun(ILogger logger, string instance, int findings, bool canSignIn);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Directory change in {Instance}: {What}")]
    public static partial void DirectoryChanged(ILogger logger, string instance, string what);
}
