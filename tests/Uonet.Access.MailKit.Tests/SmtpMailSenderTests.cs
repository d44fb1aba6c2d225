using MimeKit;
using SmtpServer.Protocol;
using Uonet.Access.Mail;

namespace Uonet.Access.MailKit.Tests;

public sealed class SmtpMailSenderTests
{
    [Fact]
    public async Task SendAsync_ToRunningServer_DeliversRecipientSubjectBothBodiesAndMessageId()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time);
        var message = Mails.Message(time, to: "anna.nowak@example.pl");

        var result = await sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(MailDeliveryResult.Delivered, result);
        var received = Assert.Single(server.Received);
        Assert.Equal("sekretariat@sp1.example.pl", received.EnvelopeFrom);
        Assert.Equal(["anna.nowak@example.pl"], received.EnvelopeTo);
        var mime = received.Message;
        Assert.Equal("<" + mime.MessageId + ">", message.MessageId);
        Assert.Equal(Mails.Subject, mime.Subject);
        Assert.Equal("anna.nowak@example.pl", Assert.Single(mime.To.Mailboxes).Address);
        var from = Assert.Single(mime.From.Mailboxes);
        Assert.Equal(("Sekretariat SP nr 1 w Łodzi", "sekretariat@sp1.example.pl"), (from.Name, from.Address));
        Assert.Equal(message.CreatedAt, mime.Date);
        Assert.Equal("auto-generated", mime.Headers["Auto-Submitted"]);
        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(part => part.ContentType.MimeType));
        Assert.Equal(Mails.TextBody.ReplaceLineEndings("\n"), mime.TextBody!.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Equal(Mails.HtmlBody, mime.HtmlBody!.TrimEnd('\r', '\n'));
    }

    [Fact]
    public async Task SendAsync_SeveralMessages_ReuseOneConnection()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time);
        var messages = Enumerable.Range(1, 5).Select(n => Mails.Message(time, n)).ToList();

        foreach (var message in messages)
        {
            Assert.Equal(MailDeliveryStatus.Delivered, (await sender.SendAsync(message, CancellationToken.None)).Status);
        }

        Assert.Equal(1, server.SessionsCreated);
        Assert.Single(server.Received.Select(r => r.SessionId).Distinct());
        Assert.Equal(messages.Select(m => m.MessageId), server.Received.Select(r => "<" + r.Message.MessageId + ">"));
        Assert.Equal(1, server.Commands.Count(c => c == "EHLO"));
    }

    [Fact]
    public async Task SendAsync_ConcurrentCallers_AreSerialisedOverOneConnection()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time);
        var messages = Enumerable.Range(1, 10).Select(n => Mails.Message(time, n)).ToList();

        var results = await Task.WhenAll(messages.Select(m => Task.Run(() => sender.SendAsync(m, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(MailDeliveryStatus.Delivered, r.Status));
        Assert.Equal(1, server.SessionsCreated);
        Assert.Equal(messages.Select(m => m.MessageId).Order(StringComparer.Ordinal), server.Received.Select(r => "<" + r.Message.MessageId + ">").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReturnsTransientFailureNamingTheServer()
    {
        var port = LoopbackSmtpServer.FreePort();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(port, time);

        var result = await sender.SendAsync(Mails.Message(time), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.TransientFailure, result.Status);
        Assert.Contains("127.0.0.1:" + port, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_Server451_ReturnsTransientFailure_AndTheSessionServesTheNextMessage()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync(attempt => attempt == 1 ? new SmtpResponse((SmtpReplyCode)451, "Requested action aborted: local error") : null);
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time);

        var refused = await sender.SendAsync(Mails.Message(time, 1), CancellationToken.None);
        var next = await sender.SendAsync(Mails.Message(time, 2), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.TransientFailure, refused.Status);
        Assert.StartsWith("SMTP 451 ", refused.Error, StringComparison.Ordinal);
        Assert.Equal(MailDeliveryStatus.Delivered, next.Status);
        Assert.Equal("rodzic2@example.pl", Assert.Single(server.Received).EnvelopeTo[0]);
        Assert.Equal(1, server.SessionsCreated);
    }

    [Fact]
    public async Task SendAsync_Server550_ReturnsPermanentFailure()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync(_ => new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "Message rejected"));
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time);

        var result = await sender.SendAsync(Mails.Message(time), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.PermanentFailure, result.Status);
        Assert.StartsWith("SMTP 550 ", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task SendAsync_RecipientRefused_ReturnsPermanentFailureNamingTheRecipient()
    {
        await using var server = new LoopbackSmtpServer(LoopbackSmtpServer.FreePort()) { RefusedRecipients = new HashSet<string> { "nieznany@example.pl" } };
        await server.StartAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time);

        var refused = await sender.SendAsync(Mails.Message(time, to: "nieznany@example.pl"), CancellationToken.None);
        var next = await sender.SendAsync(Mails.Message(time, to: "anna.nowak@example.pl"), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.PermanentFailure, refused.Status);
        Assert.Contains("RecipientNotAccepted nieznany@example.pl", refused.Error, StringComparison.Ordinal);
        Assert.StartsWith("SMTP 55", refused.Error, StringComparison.Ordinal);
        Assert.Equal(MailDeliveryStatus.Delivered, next.Status);
        Assert.Equal(["anna.nowak@example.pl"], Assert.Single(server.Received).EnvelopeTo);
    }

    [Fact]
    public async Task SendAsync_RightCredentials_DeliversAsThatUser()
    {
        await using var server = new LoopbackSmtpServer(LoopbackSmtpServer.FreePort()) { Credentials = ("dziennik", "Tajne-Hasło-42") };
        await server.StartAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time, o => (o.UserName, o.Password) = ("dziennik", "Tajne-Hasło-42"));

        var first = await sender.SendAsync(Mails.Message(time, 1), CancellationToken.None);
        var second = await sender.SendAsync(Mails.Message(time, 2), CancellationToken.None);

        Assert.Equal((MailDeliveryStatus.Delivered, MailDeliveryStatus.Delivered), (first.Status, second.Status));
        Assert.Equal(["dziennik", "dziennik"], server.Received.Select(r => r.User));
        Assert.Equal(1, server.Commands.Count(c => c == "AUTH"));
    }

    [Fact]
    public async Task SendAsync_WrongPassword_ReturnsPermanentFailureWithoutThePassword()
    {
        await using var server = new LoopbackSmtpServer(LoopbackSmtpServer.FreePort()) { Credentials = ("dziennik", "Tajne-Hasło-42") };
        await server.StartAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time, o => (o.UserName, o.Password) = ("dziennik", "Złe-Hasło-13"));

        var result = await sender.SendAsync(Mails.Message(time), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.PermanentFailure, result.Status);
        Assert.Contains("'dziennik'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Złe-Hasło-13", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task SendAsync_TemporaryAuthenticationFailure454_ReturnsTransientFailure()
    {
        var reply = new SmtpResponse((SmtpReplyCode)454, "Temporary authentication failure");
        await using var server = new LoopbackSmtpServer(LoopbackSmtpServer.FreePort()) { Credentials = ("dziennik", "Tajne-Hasło-42"), AuthenticationReply = reply };
        await server.StartAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time, o => (o.UserName, o.Password) = ("dziennik", "Tajne-Hasło-42"));

        var result = await sender.SendAsync(Mails.Message(time), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.TransientFailure, result.Status);
        Assert.Contains("454", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task SendAsync_NoCredentialsWhereTheServerRequiresThem_ReturnsPermanentFailure()
    {
        await using var server = new LoopbackSmtpServer(LoopbackSmtpServer.FreePort()) { Credentials = ("dziennik", "Tajne-Hasło-42") };
        await server.StartAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time);

        var result = await sender.SendAsync(Mails.Message(time), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.PermanentFailure, result.Status);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task SendAsync_StartTlsRequiredButNotOffered_ReturnsPermanentFailure()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time, o => o.Security = SmtpSecurity.StartTls);

        var result = await sender.SendAsync(Mails.Message(time), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.PermanentFailure, result.Status);
        Assert.Contains("Security = StartTls", result.Error, StringComparison.Ordinal);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task SendAsync_ServerRestartedWhileIdle_ChecksTheConnectionAndDeliversAtOnce()
    {
        var server = await LoopbackSmtpServer.StartNewAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time);
        Assert.Equal(MailDeliveryStatus.Delivered, (await sender.SendAsync(Mails.Message(time, 1), CancellationToken.None)).Status);
        await server.StopAsync();
        await using var restarted = new LoopbackSmtpServer(server.Port);
        await restarted.StartAsync();
        time.Advance(TimeSpan.FromMinutes(1));

        var result = await sender.SendAsync(Mails.Message(time, 2), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.Delivered, result.Status);
        Assert.Equal("rodzic2@example.pl", Assert.Single(restarted.Received).EnvelopeTo[0]);
    }

    [Fact]
    public async Task SendAsync_ConnectionDroppedWithinABatch_FailsTransientlyOnceThenReconnects()
    {
        var server = await LoopbackSmtpServer.StartNewAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time);
        Assert.Equal(MailDeliveryStatus.Delivered, (await sender.SendAsync(Mails.Message(time, 1), CancellationToken.None)).Status);
        await server.StopAsync();
        await using var restarted = new LoopbackSmtpServer(server.Port);
        await restarted.StartAsync();

        var dropped = await sender.SendAsync(Mails.Message(time, 2), CancellationToken.None);
        var next = await sender.SendAsync(Mails.Message(time, 3), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.TransientFailure, dropped.Status);
        Assert.Equal(MailDeliveryStatus.Delivered, next.Status);
        Assert.Equal("rodzic3@example.pl", Assert.Single(restarted.Received).EnvelopeTo[0]);
    }

    [Fact]
    public async Task SendAsync_ServerNeverAnswers_ReturnsTransientFailureAfterTheTimeout()
    {
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
            var time = Mails.Clock();
            await using var sender = Mails.Sender(port, time, o => o.Timeout = TimeSpan.FromSeconds(1));

            var result = await sender.SendAsync(Mails.Message(time), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(MailDeliveryStatus.TransientFailure, result.Status);
            Assert.Contains("127.0.0.1:" + port, result.Error, StringComparison.Ordinal);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task SendAsync_CallerCancelled_ThrowsOperationCanceled()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(server.Port, time);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(Mails.Message(time), cancelled.Token));
        Assert.Equal(MailDeliveryStatus.Delivered, (await sender.SendAsync(Mails.Message(time), CancellationToken.None)).Status);
        Assert.Single(server.Received);
    }

    [Theory]
    [InlineData("Subject", "Przywróć dostęp\r\nBcc: ktos@example.com")]
    [InlineData("To", "anna@example.pl\r\nBcc: ktos@example.com")]
    [InlineData("To", "Anna <anna@example.pl>")]
    [InlineData("To", "anna@example.pl, ktos@example.com")]
    [InlineData("MessageId", "bez-nawiasow@example.pl")]
    public async Task SendAsync_HeaderInjectionOrMalformedHeader_ThrowsArgumentExceptionWithoutConnecting(string field, string value)
    {
        var port = LoopbackSmtpServer.FreePort();
        var time = Mails.Clock();
        await using var sender = Mails.Sender(port, time);
        var message = field switch
        {
            "Subject" => Mails.Message(time) with { Subject = value },
            "To" => Mails.Message(time) with { To = value },
            _ => Mails.Message(time) with { MessageId = value },
        };

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => sender.SendAsync(message, CancellationToken.None));

        Assert.Equal(field, exception.ParamName);
    }

    [Fact]
    public async Task DisposeAsync_OpenSession_QuitsAndClosesIt()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync();
        var time = Mails.Clock();
        var sender = Mails.Sender(server.Port, time);
        await sender.SendAsync(Mails.Message(time), CancellationToken.None);
        var completed = server.NextSessionCompleted;

        await sender.DisposeAsync();

        await completed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("QUIT", server.Commands[^1]);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sender.SendAsync(Mails.Message(time), CancellationToken.None));
    }

    [Fact]
    public async Task Dispose_Synchronously_QuitsTheSession()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync();
        var time = Mails.Clock();
        var sender = Mails.Sender(server.Port, time);
        await sender.SendAsync(Mails.Message(time), CancellationToken.None);
        var completed = server.NextSessionCompleted;

        sender.Dispose();

        await completed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("QUIT", server.Commands[^1]);
    }
}
