using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Mail;

namespace Uonet.Access.Tests.Mail;

public sealed class PickupFolderMailSenderTests : IDisposable
{
    private const string PolishSubject = "Hasło do dziennika zostało ustawione – Gmina Wulkanowo";
    private const string TextBody = "Dzień dobry,\n\nhasło zostało ustawione.\n";
    private const string HtmlBody = "<!DOCTYPE html>\n<html lang=\"pl\"><body><p>Dzień dobry, <strong>żółć</strong></p></body></html>\n";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "uonet-access-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 9, 1, 7, 30, 5, TimeSpan.Zero));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task SendAsync_Message_WritesParseableEmlNamedAfterOutboxId()
    {
        var sender = Sender(new MailOptions { FromName = "Szkoła Podstawowa nr 1", FromAddress = "sekretariat@sp1.edu.pl" });
        var message = Message();

        var result = await sender.SendAsync(message, CancellationToken.None);

        Assert.Equal(MailDeliveryResult.Delivered, result);
        var file = Assert.Single(Directory.GetFiles(_root));
        Assert.Equal(message.Id.ToString("N") + ".eml", Path.GetFileName(file));
        var eml = EmlMessage.Parse(await File.ReadAllBytesAsync(file));
        Assert.Equal(message.MessageId, eml.Headers["Message-Id"]);
        Assert.Equal("Tue, 01 Sep 2026 07:30:05 +0000", eml.Headers["Date"]);
        Assert.Equal("anna.nowak@example.pl", eml.Headers["To"]);
        Assert.Equal(PolishSubject, eml.Decoded("Subject"));
        Assert.StartsWith("=?utf-8?B?", eml.Headers["Subject"], StringComparison.Ordinal);
        Assert.Equal("Szkoła Podstawowa nr 1 <sekretariat@sp1.edu.pl>", eml.Decoded("From"));
        Assert.StartsWith("=?utf-8?B?", eml.Headers["From"], StringComparison.Ordinal);
        Assert.Equal("1.0", eml.Headers["MIME-Version"]);
        Assert.StartsWith("multipart/alternative;", eml.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(2, eml.Parts.Count);
        Assert.Equal("text/plain; charset=utf-8", eml.Parts[0].Headers["Content-Type"]);
        Assert.Equal("text/html; charset=utf-8", eml.Parts[1].Headers["Content-Type"]);
        Assert.Equal(TextBody.ReplaceLineEndings("\r\n"), eml.Part("text/plain").Content);
        Assert.Equal(HtmlBody.ReplaceLineEndings("\r\n"), eml.Part("text/html").Content);
    }

    [Fact]
    public async Task SendAsync_Message_UsesCrlfAndShortLinesOnly()
    {
        var sender = Sender();
        var message = Message() with { TextBody = string.Concat(Enumerable.Repeat("Zażółć gęślą jaźń. ", 40)), HtmlBody = "<p>" + new string('ą', 300) + "</p>" };

        await sender.SendAsync(message, CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(EmlPath(message));
        var eml = EmlMessage.Parse(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.False(bytes[i] == (byte)'\n' && (i == 0 || bytes[i - 1] != (byte)'\r'), $"Bare LF at byte {i}.");
            Assert.False(bytes[i] == (byte)'\r' && (i + 1 == bytes.Length || bytes[i + 1] != (byte)'\n'), $"Bare CR at byte {i}.");
        }

        Assert.All(eml.HeaderLines, line => Assert.True(line.Length <= 78, line));
        Assert.All(eml.Parts.SelectMany(p => p.Base64Lines), line => Assert.True(line.Length <= 76, line));
        Assert.True(eml.Part("text/plain").Base64Lines.Count > 5);
    }

    [Fact]
    public async Task SendAsync_AsciiFromName_WritesQuotedString()
    {
        var sender = Sender(new MailOptions { FromName = "Dziennik \"SP1\" \\ Wulkanowo", FromAddress = "no-reply@sp1.edu.pl" });
        var message = Message();

        await sender.SendAsync(message, CancellationToken.None);

        var eml = EmlMessage.Parse(await File.ReadAllBytesAsync(EmlPath(message)));
        Assert.Equal("\"Dziennik \\\"SP1\\\" \\\\ Wulkanowo\" <no-reply@sp1.edu.pl>", eml.Headers["From"]);
    }

    [Theory]
    [InlineData("Hasło do dziennika zostało ustawione – Zespół Szkół Ogólnokształcących i Technicznych im. Józefa Piłsudskiego w Żółkiewce")]
    [InlineData("Your e-register password was set – Municipal Primary and Secondary School Complex No. 1 in Wulkanowo, branch school in Kozia Wólka")]
    [InlineData("Your password was set – Supercalifragilisticexpialidocious-school-name-without-any-spaces-at-all-in-it-whatsoever")]
    [InlineData("=?utf-8?B?SGk=?= looks like an encoded word")]
    [InlineData("Two  spaces and a trailing one ")]
    public async Task SendAsync_AnySubject_FoldsUnder78AndDecodesToTheSameText(string subject)
    {
        var sender = Sender();
        var message = Message() with { Subject = subject };

        await sender.SendAsync(message, CancellationToken.None);

        var eml = EmlMessage.Parse(await File.ReadAllBytesAsync(EmlPath(message)));
        Assert.Equal(subject, eml.Decoded("Subject"));
        Assert.All(eml.HeaderLines, line => Assert.True(line.Length <= 78, line));
    }

    [Fact]
    public async Task SendAsync_LongAsciiSubject_IsFoldedAtSpacesNotEncoded()
    {
        var sender = Sender();
        var subject = "Your e-register password was set – " + string.Join(' ', Enumerable.Repeat("Wulkanowo", 12));
        var message = Message() with { Subject = subject.Replace('–', '-') };

        await sender.SendAsync(message, CancellationToken.None);

        var eml = EmlMessage.Parse(await File.ReadAllBytesAsync(EmlPath(message)));
        Assert.DoesNotContain("=?", eml.Headers["Subject"], StringComparison.Ordinal);
        Assert.Equal(message.Subject, eml.Headers["Subject"]);
        Assert.True(eml.HeaderLines.Count(l => l.StartsWith(' ')) >= 1);
    }

    [Fact]
    public async Task SendAsync_UnicodeDomain_WritesItsAsciiForm()
    {
        var sender = Sender();
        var message = Message() with { To = "rodzic@żółw.pl" };

        await sender.SendAsync(message, CancellationToken.None);

        var eml = EmlMessage.Parse(await File.ReadAllBytesAsync(EmlPath(message)));
        Assert.Equal("rodzic@xn--w-uga1v8h.pl", eml.Headers["To"]);
    }

    [Fact]
    public async Task SendAsync_SameMessageAgain_ReportsDeliveredWithoutASecondFile()
    {
        var sender = Sender();
        var message = Message();
        await sender.SendAsync(message, CancellationToken.None);
        var first = await File.ReadAllBytesAsync(EmlPath(message));
        _time.Advance(TimeSpan.FromMinutes(5));

        var result = await sender.SendAsync(message with { Attempts = 1, Subject = "Changed" }, CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.Delivered, result.Status);
        Assert.Single(Directory.GetFiles(_root));
        Assert.Equal(first, await File.ReadAllBytesAsync(EmlPath(message)));
    }

    [Fact]
    public async Task SendAsync_TwoMessages_WritesTwoFilesAndNoTemporaryOnes()
    {
        var sender = Sender();
        var one = Message();
        var two = Message();

        await sender.SendAsync(one, CancellationToken.None);
        await sender.SendAsync(two, CancellationToken.None);

        var names = Directory.GetFiles(_root).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { one.Id.ToString("N") + ".eml", two.Id.ToString("N") + ".eml" }.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task SendAsync_FolderMissing_CreatesIt()
    {
        var folder = Path.Combine(_root, "nested", "pickup");
        var sender = new PickupFolderMailSender(folder, new MailOptions(), _time);
        Assert.False(Directory.Exists(folder));

        var result = await sender.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.Delivered, result.Status);
        Assert.Single(Directory.GetFiles(folder, "*.eml"));
    }

    [Fact]
    public async Task SendAsync_FolderPathIsAFile_ReportsTransientFailure()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        var sender = new PickupFolderMailSender(file, new MailOptions(), _time);

        var result = await sender.SendAsync(Message(), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.TransientFailure, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Equal("x", await File.ReadAllTextAsync(file));
    }

    [Theory]
    [InlineData("To", "anna.nowak@example.pl\r\nBcc: intruz@example.com")]
    [InlineData("To", "anna.nowak@example.pl\nBcc: intruz@example.com")]
    [InlineData("Subject", "Hasło\r\nBcc: intruz@example.com")]
    [InlineData("Subject", "Hasło\rX")]
    [InlineData("Subject", "Hasło\nX")]
    [InlineData("MessageId", "<a@uonet-access.local>\r\nBcc: intruz@example.com")]
    public async Task SendAsync_HeaderValueWithLineBreak_ThrowsArgumentException(string header, string value)
    {
        var sender = Sender();
        var message = header switch
        {
            "To" => Message() with { To = value },
            "Subject" => Message() with { Subject = value },
            _ => Message() with { MessageId = value },
        };

        await Assert.ThrowsAsync<ArgumentException>(() => sender.SendAsync(message, CancellationToken.None));

        Assert.False(Directory.Exists(_root) && Directory.EnumerateFileSystemEntries(_root).Any());
    }

    [Theory]
    [InlineData("anna.nowak@example.pl, intruz@example.com")]
    [InlineData("Anna <anna.nowak@example.pl>")]
    [InlineData("anna nowak@example.pl")]
    [InlineData("anna.nowak@example.pl@example.com")]
    [InlineData("anna.nowak")]
    public async Task SendAsync_ToIsNotASingleAddress_ThrowsArgumentException(string to)
    {
        var sender = Sender();

        await Assert.ThrowsAsync<ArgumentException>(() => sender.SendAsync(Message() with { To = to }, CancellationToken.None));
    }

    [Theory]
    [InlineData("a@uonet-access.local")]
    [InlineData("<a b@uonet-access.local>")]
    [InlineData("<a@uonet-access.local")]
    public async Task SendAsync_MalformedMessageId_ThrowsArgumentException(string messageId)
    {
        var sender = Sender();

        await Assert.ThrowsAsync<ArgumentException>(() => sender.SendAsync(Message() with { MessageId = messageId }, CancellationToken.None));
    }

    [Theory]
    [InlineData("Szkoła\r\nBcc: intruz@example.com", "no-reply@sp1.edu.pl")]
    [InlineData("Szkoła", "no-reply@sp1.edu.pl\r\nBcc: intruz@example.com")]
    [InlineData("Szkoła", "Szkoła <no-reply@sp1.edu.pl>")]
    public void Constructor_FromWithLineBreakOrDisplayName_ThrowsArgumentException(string name, string address)
    {
        Assert.Throws<ArgumentException>(() => new PickupFolderMailSender(_root, new MailOptions { FromName = name, FromAddress = address }, _time));
    }

    [Fact]
    public async Task SendAsync_Cancelled_WritesNothing()
    {
        var sender = Sender();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(Message(), cancellation.Token));

        Assert.False(Directory.Exists(_root));
    }

    private PickupFolderMailSender Sender(MailOptions? options = null) => new(_root, options ?? new MailOptions(), _time);

    private string EmlPath(OutboxMessage message) => Path.Combine(_root, message.Id.ToString("N") + ".eml");

    private OutboxMessage Message()
    {
        var id = Guid.NewGuid();
        return new OutboxMessage
        {
            Id = id,
            MessageId = $"<{id:N}@uonet-access.local>",
            InstanceSymbol = TestSchool.Symbol,
            Kind = MailKind.PasswordSet,
            To = "anna.nowak@example.pl",
            Subject = PolishSubject,
            TextBody = TextBody,
            HtmlBody = HtmlBody,
            CreatedAt = _time.GetUtcNow(),
            NextAttemptAt = _time.GetUtcNow(),
        };
    }
}
