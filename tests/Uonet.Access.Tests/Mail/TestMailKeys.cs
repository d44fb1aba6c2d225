using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Uonet.Access.Mail;

namespace Uonet.Access.Tests.Mail;

/// <summary>Mail protection keys made for one test.</summary>
internal static class TestMailKeys
{
    /// <summary>A fresh base64 key of 32 random bytes.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A protector holding <paramref name="keys"/> (id → base64), the current one named.</summary>
    public static AesGcmMailProtector Protector(string currentId, IReadOnlyDictionary<string, string>? keys = null)
    {
        var options = new UonetAccessOptions { EnvironmentName = "Production" };
        foreach (var (id, key) in keys ?? new Dictionary<string, string> { [currentId] = NewKey() })
        {
            options.Mail.Protection.Keys[id] = key;
        }

        options.Mail.Protection.CurrentKeyId = currentId;
        return new AesGcmMailProtector(Options.Create(options));
    }
}
