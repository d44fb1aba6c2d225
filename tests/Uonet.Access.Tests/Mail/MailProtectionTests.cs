using System.Text;
using Microsoft.Extensions.Options;
using Uonet.Access.Mail;

namespace Uonet.Access.Tests.Mail;

/// <summary>The default <see cref="IMailProtector"/>: AES-256-GCM keyed by id, and its key file for development.</summary>
public sealed class MailProtectionTests : IDisposable
{
    private const string Link = "https://uonetplus.example.pl/gminawulkanowo/dostep?token=Zk3xQ9vWm2LpR7tYb4NcHs8aDe6FgJ1u";

    private readonly string _folder = Directory.CreateTempSubdirectory("uonet-mail-keys-").FullName;

    [Fact]
    public void Protect_Link_NeitherTheLinkNorItsTokenReadableButItComesBackWithTheKey()
    {
        var protector = TestMailKeys.Protector("2026-09");

        var stored = protector.Protect(Link);

        Assert.DoesNotContain("Zk3xQ9vWm2LpR7tYb4NcHs8aDe6FgJ1u", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("uonetplus", stored, StringComparison.Ordinal);
        Assert.StartsWith("mk1:2026-09:", stored, StringComparison.Ordinal);
        Assert.True(protector.TryUnprotect(stored, out var clear, out _));
        Assert.Equal(Link, clear);
    }

    [Fact]
    public void Protect_SameValueTwice_DifferentCiphertexts()
    {
        var protector = TestMailKeys.Protector("k1");

        Assert.NotEqual(protector.Protect(Link), protector.Protect(Link));
    }

    [Fact]
    public void TryUnprotect_EveryCharacterOfTheCiphertextChanged_RefusedNeverAPartialValue()
    {
        var protector = TestMailKeys.Protector("k1");
        var stored = protector.Protect("Dzień dobry");

        for (var i = 0; i < stored.Length; i++)
        {
            var altered = new StringBuilder(stored) { [i] = stored[i] == 'A' ? 'B' : 'A' }.ToString();

            Assert.False(protector.TryUnprotect(altered, out var value, out var error), $"position {i}");
            Assert.Null(value);
            Assert.StartsWith("MailProtection", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryUnprotect_ValueOfAnOlderKeyAfterRotation_StillReadable()
    {
        var old = TestMailKeys.NewKey();
        var before = TestMailKeys.Protector("2026-01", new Dictionary<string, string> { ["2026-01"] = old });
        var stored = before.Protect(Link);
        var after = TestMailKeys.Protector("2026-09", new Dictionary<string, string> { ["2026-01"] = old, ["2026-09"] = TestMailKeys.NewKey() });

        Assert.True(after.TryUnprotect(stored, out var clear, out _));
        Assert.Equal(Link, clear);
        Assert.StartsWith("mk1:2026-09:", after.Protect(Link), StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnprotect_KeyNoLongerConfigured_RefusedNamingTheKeyId()
    {
        var stored = TestMailKeys.Protector("2026-01").Protect(Link);
        var after = TestMailKeys.Protector("2026-09");

        Assert.False(after.TryUnprotect(stored, out _, out var error));
        Assert.Contains("key '2026-01' is not configured", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnprotect_ValueMovedUnderAnotherKeyId_Refused()
    {
        var key = TestMailKeys.NewKey();
        var protector = TestMailKeys.Protector("a", new Dictionary<string, string> { ["a"] = key, ["b"] = key });
        var stored = protector.Protect(Link);

        Assert.False(protector.TryUnprotect("mk1:b:" + stored["mk1:a:".Length..], out _, out var error));
        Assert.Contains("fails authentication", error, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyFile_MissingInDevelopment_CreatedOwnerOnlyAndSharedByTheNextProtector()
    {
        var file = Path.Combine(_folder, "uonet-access.db.mail-keys");
        var first = new AesGcmMailProtector(Options.Create(Development(file)));

        var second = new AesGcmMailProtector(Options.Create(Development(file)));

        Assert.True(second.TryUnprotect(first.Protect(Link), out var clear, out _));
        Assert.Equal(Link, clear);
        Assert.Equal(first.CurrentKeyId, second.CurrentKeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void KeyFile_MissingOutsideDevelopment_RefusedSayingHowToConfigureAKey()
    {
        var options = Development(Path.Combine(_folder, "missing.mail-keys"));
        options.EnvironmentName = "Production";

        var problems = MailKeyRing.Validate(options.Mail.Protection, development: false);
        var error = Assert.Throws<InvalidOperationException>(() => new AesGcmMailProtector(Options.Create(options)));

        Assert.Contains("does not exist", Assert.Single(problems), StringComparison.Ordinal);
        Assert.Contains("Mail.Protection.Keys", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(options.Mail.Protection.KeyFile));
    }

    [Fact]
    public void KeyFile_WithSeveralKeys_TheLastIsCurrentAndTheOthersStillRead()
    {
        var file = Path.Combine(_folder, "keys");
        var old = TestMailKeys.NewKey();
        var stored = TestMailKeys.Protector("old", new Dictionary<string, string> { ["old"] = old }).Protect(Link);
        File.WriteAllText(file, $"# keys\nold:{old}\n\nnew:{TestMailKeys.NewKey()}\n");

        var protector = new AesGcmMailProtector(Options.Create(Development(file)));

        Assert.Equal("new", protector.CurrentKeyId);
        Assert.True(protector.TryUnprotect(stored, out var clear, out _));
        Assert.Equal(Link, clear);
    }

    [Theory]
    [InlineData("no colon here\n", "expected 'id:base64")]
    [InlineData("k1:c2hvcnQ=\n", "not a base64 string of 32 bytes")]
    [InlineData("# only a comment\n", "holds no key")]
    public void KeyFile_Malformed_RefusedNamingTheProblem(string content, string expected)
    {
        var file = Path.Combine(_folder, "keys");
        File.WriteAllText(file, content);

        var problems = MailKeyRing.Validate(Development(file).Mail.Protection, development: true);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void NoKeyAndNoFileInDevelopment_AKeyOfThisProcessAlone_OthersCannotReadItsMail()
    {
        var options = new UonetAccessOptions { EnvironmentName = "Development" };
        var one = new AesGcmMailProtector(Options.Create(options));
        var another = new AesGcmMailProtector(Options.Create(options));

        Assert.False(another.TryUnprotect(one.Protect(Link), out _, out var error));
        Assert.Contains("is not configured", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static UonetAccessOptions Development(string keyFile)
    {
        var options = new UonetAccessOptions { EnvironmentName = "Development" };
        options.Mail.Protection.KeyFile = keyFile;
        return options;
    }
}
