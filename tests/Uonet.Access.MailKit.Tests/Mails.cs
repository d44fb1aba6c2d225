using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Mail;

namespace Uonet.Access.MailKit.Tests;

/// <summary>Outbox messages and senders for the tests.</summary>
internal static class Mails
{
    public const string Subject = "Przywróć dostęp — zażółć gęślą jaźń";
    public const string TextBody = "Dzień dobry,\nkliknij łącze, aby ustawić hasło: https://szkola.example.pl/dostep?t=abc\nŻółw i źdźbło.";
    public const string HtmlBody = "<p>Dzień dobry,</p><p><a href=\"https://szkola.example.pl/dostep?t=abc\">Ustaw hasło</a> — żółć.</p>";

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2025, 9, 1, 7, 30, 0, TimeSpan.Zero));

    public static OutboxMessage Message(TimeProvider time, int number = 1, string? to = null)
    {
        var id = Guid.NewGuid();
        return new OutboxMessage
        {
            Id = id,
            MessageId = "<" + id.ToString("N", CultureInfo.InvariantCulture) + "@uonet-access.test>",
            InstanceSymbol = "gminawulkanowo",
            Kind = MailKind.AccessLink,
            To = to ?? "rodzic" + number.ToString(CultureInfo.InvariantCulture) + "@example.pl",
            Subject = Subject,
            TextBody = TextBody,
            HtmlBody = HtmlBody,
            CreatedAt = time.GetUtcNow(),
            NextAttemptAt = time.GetUtcNow(),
        };
    }

    public static SmtpOptions Loopback(int port, Action<SmtpOptions>? configure = null)
    {
        var options = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(options);
        return options;
    }

    public static MailOptions From() => new() { FromAddress = "sekretariat@sp1.example.pl", FromName = "Sekretariat SP nr 1 w Łodzi" };

    public static SmtpMailSender Sender(int port, TimeProvider time, Action<SmtpOptions>? configure = null) =>
        new(Loopback(port, configure), From(), time);
}
