using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Uonet.Access.Mail;

namespace Uonet.Access.MailKit;

/// <summary>
/// Delivers outbox mail to an SMTP server through MailKit. One connection, once connected and authenticated, serves
/// consecutive messages (a dispatch batch costs one handshake); a dropped connection is opened anew at the next
/// message. SMTP replies 4xx, network errors and timeouts are <see cref="MailDeliveryStatus.TransientFailure"/>;
/// replies 5xx and configuration errors (credentials refused, STARTTLS or the authentication mechanism missing, an
/// untrusted certificate) are <see cref="MailDeliveryStatus.PermanentFailure"/>: they do not pass by themselves, and
/// the outbox keeps the message and retries it rarely until an operator fixes the cause.
/// </summary>
/// <remarks>
/// A failed attempt is never repeated here: the outbox retries it. The Message-Id stays the same across retries, so a
/// server or reader that saw the message already can recognise a resend. Calls are serialised, so one instance may be
/// shared by several dispatchers of one process.
/// </remarks>
public sealed class SmtpMailSender : IMailSender, IAsyncDisposable, IDisposable
{
    // Servers close idle sessions (RFC 5321 §4.5.3.2.7 allows it after 5 minutes, some do it sooner), and a closed
    // session is only noticed at the next command. Past this idle time a NOOP checks the connection first, so mail
    // after a pause is not failed by a session the server has dropped; within a batch no NOOP is spent.
    private static readonly TimeSpan IdleProbeAfter = TimeSpan.FromSeconds(15);

    private readonly SmtpOptions _options;
    private readonly string _fromName;
    private readonly string _fromAddress;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SmtpClient? _client;
    private DateTimeOffset _lastUsedAt;
    private bool _disposed;

    /// <summary>Creates the sender; it connects at the first message.</summary>
    /// <param name="smtp">The server and how to reach it; copied, so later changes have no effect.</param>
    /// <param name="mail">The sender name and address (<see cref="MailOptions.FromName"/>, <see cref="MailOptions.FromAddress"/>).</param>
    /// <param name="timeProvider">The clock that tells how long the connection has been idle.</param>
    /// <exception cref="ArgumentException">The SMTP options are invalid (every problem is listed), or the sender name or address holds a line break or is malformed.</exception>
    public SmtpMailSender(SmtpOptions smtp, MailOptions mail, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var failures = SmtpOptionsValidator.Failures(smtp);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(smtp));
        }

        RefuseControlCharacters(mail.FromName, nameof(mail));
        _fromName = mail.FromName ?? string.Empty;
        _fromAddress = Address(mail.FromAddress, nameof(mail));
        _options = smtp.Copy();
        _time = timeProvider;
    }

    /// <inheritdoc />
    /// <returns>Delivered, or a transient or permanent failure whose error names the SMTP reply or the network error (never the password).</returns>
    /// <exception cref="ArgumentException">A header value of <paramref name="message"/> holds a line break (header injection), or an address or the Message-Id is malformed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The sender was disposed.</exception>
    public async Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mime = Compose(message);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var client = await ReadyClientAsync(cancellationToken).ConfigureAwait(false);
            await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
            _lastUsedAt = _time.GetUtcNow();
            return MailDeliveryResult.Delivered;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cut off mid-command, the session is in an unknown state: the next message starts a new one.
            DropClient();
            throw;
        }
        catch (Exception exception) when (Classify(exception) is { } failure)
        {
            // A refused command leaves the session usable (MailKit resets the transaction); anything else may not.
            if (exception is SmtpCommandException && _client is { IsConnected: true })
            {
                _lastUsedAt = _time.GetUtcNow();
            }
            else
            {
                DropClient();
            }

            return failure;
        }
        catch
        {
            DropClient();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends the SMTP session politely (QUIT) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_client is { } client)
            {
                _client = null;
                try
                {
                    if (client.IsConnected)
                    {
                        await client.DisconnectAsync(quit: true).ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (IsConnectionError(exception))
                {
                    // The server is gone already; there is nothing left to close politely.
                }
                finally
                {
                    client.Dispose();
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends the SMTP session politely (QUIT) and closes the connection; for hosts that dispose synchronously.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_client is { } client)
            {
                _client = null;
                try
                {
                    if (client.IsConnected)
                    {
                        client.Disconnect(quit: true);
                    }
                }
                catch (Exception exception) when (IsConnectionError(exception))
                {
                    // The server is gone already; there is nothing left to close politely.
                }
                finally
                {
                    client.Dispose();
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SmtpClient> ReadyClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } current)
        {
            if (_time.GetUtcNow() - _lastUsedAt < IdleProbeAfter)
            {
                return current;
            }

            try
            {
                await current.NoOpAsync(cancellationToken).ConfigureAwait(false);
                return current;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && (IsConnectionError(exception) || exception is SmtpCommandException))
            {
                // The server closed the idle session: a new one is opened below.
            }
        }

        DropClient();
        var client = new SmtpClient
        {
            Timeout = (int)_options.Timeout.TotalMilliseconds,
            CheckCertificateRevocation = _options.CheckCertificateRevocation,
        };
        if (_options.LocalDomain is not null)
        {
            client.LocalDomain = _options.LocalDomain;
        }

        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, SocketOptions(_options.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // Only a connected and authenticated session is kept for reuse.
            client.Dispose();
            throw;
        }

        _client = client;
        _lastUsedAt = _time.GetUtcNow();
        return client;
    }

    private void DropClient()
    {
        // Closed without QUIT: after a failure the server may not answer, and a QUIT would only wait for the timeout.
        _client?.Dispose();
        _client = null;
    }

    private MailDeliveryResult? Classify(Exception exception)
    {
        var status = exception switch
        {
            SmtpCommandException command => (int)command.StatusCode is >= 500 and < 600 ? MailDeliveryStatus.PermanentFailure : MailDeliveryStatus.TransientFailure,

            // MailKit reports every refused AUTH as AuthenticationException, with the reply code leading its message;
            // a 4xx there (454 "temporary authentication failure") is the server's trouble, not wrong credentials.
            AuthenticationException authentication when authentication.Message is ['4', >= '0' and <= '9', >= '0' and <= '9', ':', ..] => MailDeliveryStatus.TransientFailure,
            AuthenticationException or SaslException or ServiceNotAuthenticatedException or NotSupportedException => MailDeliveryStatus.PermanentFailure,

            // A handshake cut by the network may pass; a certificate that is not trusted will not.
            SslHandshakeException handshake => handshake.InnerException is IOException or SocketException ? MailDeliveryStatus.TransientFailure : MailDeliveryStatus.PermanentFailure,
            _ when IsConnectionError(exception) => MailDeliveryStatus.TransientFailure,
            _ => (MailDeliveryStatus?)null,
        };
        return status is { } known ? new MailDeliveryResult(known, Describe(exception)) : null;
    }

    private static bool IsConnectionError(Exception exception) =>
        exception is IOException or SocketException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException or OperationCanceledException;

    private string Describe(Exception exception)
    {
        var server = _options.Host + ":" + _options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = exception switch
        {
            SmtpCommandException command => $"SMTP {(int)command.StatusCode} from {server} ({command.ErrorCode}{(command.Mailbox is null ? string.Empty : " " + command.Mailbox.Address)}): {command.Message}",
            AuthenticationException => $"The SMTP server {server} did not authenticate '{_options.UserName}' (AuthenticationException): {exception.Message}",
            ServiceNotAuthenticatedException => $"The SMTP server {server} requires authentication; set SmtpOptions.UserName and Password (ServiceNotAuthenticatedException): {exception.Message}",
            NotSupportedException => $"The SMTP server {server} lacks what SmtpOptions require (STARTTLS for Security = {_options.Security}, or an authentication mechanism MailKit knows) (NotSupportedException): {exception.Message}",
            _ => $"{exception.GetType().Name} at {server}: {exception.Message}",
        };

        // MailKit never puts the password in a message, but a server's reply text is not ours to trust.
        return string.IsNullOrEmpty(_options.Password) ? text : text.Replace(_options.Password, "***", StringComparison.Ordinal);
    }

    private MimeMessage Compose(OutboxMessage message)
    {
        var messageId = MessageId(message.MessageId);
        var to = Address(message.To, nameof(message.To));
        RefuseControlCharacters(message.Subject, nameof(message.Subject));
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(_fromName, _fromAddress));
        mime.To.Add(new MailboxAddress(string.Empty, to));
        mime.Subject = message.Subject;
        mime.MessageId = messageId;

        // The time the mail was written, like its Message-Id the same in every retry.
        mime.Date = message.CreatedAt;

        // RFC 3834: tells auto-responders (out-of-office replies) not to answer a notification.
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, null),
    };

    private static void RefuseControlCharacters(string? value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Any(char.IsControl))
        {
            throw new ArgumentException("A mail header value must not contain line breaks or control characters (header injection).", parameterName);
        }
    }

    // One addr-spec, nothing that could add a recipient or a comment.
    private static string Address(string? address, string parameterName)
    {
        RefuseControlCharacters(address, parameterName);
        var at = address!.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@', at + 1) >= 0 || address.Any(c => char.IsWhiteSpace(c) || "<>(),;:\"[]\\".Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException("A mail address must be a single address without a display name or spaces.", parameterName);
        }

        return address;
    }

    // MimeKit takes the msg-id without its angle brackets and adds them when it writes the header.
    private static string MessageId(string? value)
    {
        RefuseControlCharacters(value, nameof(OutboxMessage.MessageId));
        if (value!.Length < 5 || value[0] != '<' || value[^1] != '>' || !value.Contains('@', StringComparison.Ordinal) || value.AsSpan(1, value.Length - 2).ContainsAny(" <>"))
        {
            throw new ArgumentException("A Message-Id must look like <id@domain>.", nameof(OutboxMessage.MessageId));
        }

        return value[1..^1];
    }
}
