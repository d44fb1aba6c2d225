using System.Security.Cryptography;
using Uonet.Access.Passkeys;
using Uonet.Access.Sample.Console.Tests.Infrastructure;
using Uonet.Access.Sqlite;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary><c>passkeys list|remove</c>: the school office sees an account's passkeys and removes a lost one, with a notice.</summary>
public sealed class PasskeyCommandTests
{
    [Fact]
    public async Task PasskeysListThenRemove_OnePasskey_ListedRemovedAndNoticeQueued()
    {
        using var tool = new ToolWorkspace();
        await EnterAsync(tool);
        await SetPasswordAsync(tool, Anna);
        var added = await AddPasskeyAsync(tool, Anna, "Telefon Anny");

        var listed = await tool.Json("passkeys", "list", Symbol, Anna);
        var removed = await tool.Json("passkeys", "remove", Symbol, Anna, added.ToString());
        var after = await tool.Json("passkeys", "list", Symbol, Anna);
        var outbox = await tool.Json("outbox", "list", "--to", Anna);

        var passkey = Assert.Single(listed.Succeeded().Json.GetProperty("passkeys").EnumerateArray());
        Assert.Equal(added.ToString(), passkey.GetProperty("id").GetString());
        Assert.Equal("Telefon Anny", passkey.GetProperty("name").GetString());
        Assert.True(removed.Succeeded().Json.GetProperty("removed").GetBoolean());
        Assert.Empty(after.Succeeded().Json.GetProperty("passkeys").EnumerateArray());
        Assert.Contains(outbox.Succeeded().Json.GetProperty("messages").EnumerateArray(), m => m.GetProperty("kind").GetString() == "passkeyRemoved");
    }

    [Fact]
    public async Task PasskeysRemove_UnknownIdOrAddress_RefusedWithExitCodeOne()
    {
        using var tool = new ToolWorkspace();
        await EnterAsync(tool);
        await SetPasswordAsync(tool, Anna);

        var unknownId = await tool.Json("passkeys", "remove", Symbol, Anna, Guid.NewGuid().ToString());
        var unknownAddress = await tool.Json("passkeys", "list", Symbol, "nikt@example.pl");

        unknownId.Refused(AccessErrorCodes.PasskeyNotFound);
        unknownAddress.Refused(AccessErrorCodes.AccountNotFound);
    }

    [Fact]
    public async Task PasskeysAdd_IsNoCommand_UsageErrorExitCodeTwo()
    {
        using var tool = new ToolWorkspace();

        var run = await tool.Json("passkeys", "add", Symbol, Anna);

        Assert.Equal(2, run.ExitCode);
    }

    /// <summary>What the portal stores when the person adds a passkey with their own device: written through the store.</summary>
    private static async Task<Guid> AddPasskeyAsync(ToolWorkspace tool, string email, string name)
    {
        var store = new SqliteAccessStore($"Data Source={tool.Database}");
        var account = await store.FindAccountAsync(Symbol, email, CancellationToken.None);
        Assert.NotNull(account);
        var passkey = new Passkey
        {
            Id = Guid.NewGuid(),
            AccountId = account.Id,
            InstanceSymbol = Symbol,
            CredentialId = RandomNumberGenerator.GetBytes(32),
            PublicKey = RandomNumberGenerator.GetBytes(77),
            UserHandle = RandomNumberGenerator.GetBytes(32),
            Name = name,
            CreatedAt = new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero),
        };
        Assert.Equal(Uonet.Access.Storage.StoreWriteResult.Success, await store.AddPasskeyAsync(passkey, null, null, CancellationToken.None));
        return passkey.Id;
    }
}
