using System.Globalization;

namespace Uonet.Access.Mail;

/// <summary>
/// For development: "delivers" each mail as an RFC 5322 <c>.eml</c> file in a folder (open it in any mail client, or
/// point a pickup-directory relay at it). The file is named after the outbox id and appears whole or not at all; a
/// resend of a message already written is reported delivered without writing a second file.
/// </summary>
public sealed class PickupFolderMailSender : IMailSender
{
    private readonly string _folder;
    private readonly IReadOnlyList<string> _from;
    private readonly TimeProvider _time;

    /// <summary>Creates the sender. The folder is created at the first delivery if missing.</summary>
    /// <param name="folder">Where the <c>.eml</c> files go.</param>
    /// <param name="options">The sender name and address (<see cref="MailOptions.FromName"/>, <see cref="MailOptions.FromAddress"/>).</param>
    /// <param name="timeProvider">The clock of the <c>Date</c> header.</param>
    /// <exception cref="ArgumentException">The folder is blank, or the sender name or address holds a line break or is malformed.</exception>
    public PickupFolderMailSender(string folder, MailOptions options, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _folder = Path.GetFullPath(folder);
        _from = Rfc5322Writer.Mailbox(options.FromName, options.FromAddress, nameof(options));
        _time = timeProvider;
    }

    /// <inheritdoc />
    /// <returns>Delivered, or <see cref="MailDeliveryStatus.TransientFailure"/> with the error's message when the folder cannot be written.</returns>
    /// <exception cref="ArgumentException">A header value of <paramref name="message"/> holds a line break (header injection) or an address is malformed.</exception>
    public async Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var content = Rfc5322Writer.Write(message, _from, _time.GetUtcNow());
        var name = message.Id.ToString("N", CultureInfo.InvariantCulture);
        var path = Path.Combine(_folder, name + ".eml");

        // Pickup readers take only *.eml, so a half-written temporary file is never read as a mail.
        var temporary = Path.Combine(_folder, name + "." + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture) + ".tmp");
        try
        {
            Directory.CreateDirectory(_folder);
            if (File.Exists(path))
            {
                return MailDeliveryResult.Delivered;
            }

            await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                // A concurrent send of the same message got there first: the mail is in the folder once.
            }

            return MailDeliveryResult.Delivered;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new MailDeliveryResult(MailDeliveryStatus.TransientFailure, exception.Message);
        }
        finally
        {
            DeleteQuietly(temporary);
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover *.tmp is harmless (readers skip it) and must not turn a delivered mail into a failure.
        }
    }
}
