namespace Uonet.Access.MailKit.Tests;

public sealed class SmtpOptionsTests
{
    [Fact]
    public void Defaults_AreSubmissionPortWithStartTlsAndThirtySeconds()
    {
        var options = new SmtpOptions();

        Assert.Equal((587, SmtpSecurity.StartTls, TimeSpan.FromSeconds(30), true), (options.Port, options.Security, options.Timeout, options.CheckCertificateRevocation));
    }

    [Theory]
    [InlineData("", 587, "SmtpOptions.Host is required")]
    [InlineData("smtp example.pl", 587, "SmtpOptions.Host is required")]
    [InlineData("smtp.example.pl", 0, "SmtpOptions.Port must be between 1 and 65535 (it is 0)")]
    [InlineData("smtp.example.pl", 65536, "SmtpOptions.Port must be between 1 and 65535 (it is 65536)")]
    public void Constructor_BadHostOrPort_ThrowsWithAClearMessage(string host, int port, string expected)
    {
        var exception = Assert.Throws<ArgumentException>(() => new SmtpMailSender(new SmtpOptions { Host = host, Port = port }, Mails.From(), TimeProvider.System));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.Equal("smtp", exception.ParamName);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(601)]
    public void Constructor_TimeoutOutOfRange_Throws(double seconds)
    {
        var options = new SmtpOptions { Host = "smtp.example.pl", Timeout = TimeSpan.FromSeconds(seconds) };

        var exception = Assert.Throws<ArgumentException>(() => new SmtpMailSender(options, Mails.From(), TimeProvider.System));

        Assert.Contains("SmtpOptions.Timeout must be between 1 second and 10 minutes", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dziennik", null)]
    [InlineData(null, "Tajne-Hasło-42")]
    public void Constructor_UserNameWithoutPasswordOrTheReverse_Throws(string? userName, string? password)
    {
        var options = new SmtpOptions { Host = "smtp.example.pl", UserName = userName, Password = password };

        var exception = Assert.Throws<ArgumentException>(() => new SmtpMailSender(options, Mails.From(), TimeProvider.System));

        Assert.Contains("UserName and SmtpOptions.Password go together", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SmtpSecurity.None)]
    [InlineData(SmtpSecurity.StartTlsWhenAvailable)]
    public void Constructor_CredentialsWithoutGuaranteedTlsToARemoteHost_Throws(SmtpSecurity security)
    {
        var options = new SmtpOptions { Host = "smtp.example.pl", Security = security, UserName = "dziennik", Password = "Tajne-Hasło-42" };

        var exception = Assert.Throws<ArgumentException>(() => new SmtpMailSender(options, Mails.From(), TimeProvider.System));

        Assert.Contains("without guaranteed encryption", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Tajne-Hasło-42", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Constructor_CredentialsInPlainTextToLoopback_IsAccepted(string host)
    {
        var options = new SmtpOptions { Host = host, Security = SmtpSecurity.None, UserName = "dziennik", Password = "Tajne-Hasło-42" };

        using var sender = new SmtpMailSender(options, Mails.From(), TimeProvider.System);

        Assert.NotNull(sender);
    }

    [Fact]
    public void Constructor_UnknownSecurityAndBlankLocalDomain_ReportsBothTogether()
    {
        var options = new SmtpOptions { Host = "smtp.example.pl", Security = (SmtpSecurity)9, LocalDomain = "" };

        var exception = Assert.Throws<ArgumentException>(() => new SmtpMailSender(options, Mails.From(), TimeProvider.System));

        Assert.Contains("SmtpOptions.Security '9' is not one of", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SmtpOptions.LocalDomain must be null", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FromNameWithLineBreak_Throws()
    {
        var mail = Mails.From();
        mail.FromName = "Sekretariat\r\nBcc: ktos@example.com";

        Assert.Throws<ArgumentException>("mail", () => new SmtpMailSender(new SmtpOptions { Host = "smtp.example.pl" }, mail, TimeProvider.System));
    }

    [Fact]
    public async Task Constructor_OptionsChangedAfterwards_KeepsTheCopy()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync();
        var options = Mails.Loopback(server.Port);
        var time = Mails.Clock();
        await using var sender = new SmtpMailSender(options, Mails.From(), time);
        options.Port = LoopbackSmtpServer.FreePort();

        var result = await sender.SendAsync(Mails.Message(time), CancellationToken.None);

        Assert.Equal(Uonet.Access.Mail.MailDeliveryStatus.Delivered, result.Status);
    }
}
