using System.Reflection;
using ServerReason = Uonet.Access.Devices.DeviceRevocationReason;

namespace Uonet.Access.Client.Tests;

/// <summary>The client does not reference the library, so its copies of the library's codes and reasons are checked against it here.</summary>
public sealed class ClientErrorCodesTests
{
    // The HTTP host's own codes (HttpErrorCodes of Uonet.Access.AspNetCore) and the client's.
    private static readonly string[] NotTheLibrarys =
    [
        nameof(ClientErrorCodes.RequestMalformed), nameof(ClientErrorCodes.RequestTooLarge), nameof(ClientErrorCodes.ServerError),
        nameof(ClientErrorCodes.PairingPayloadVersionUnsupported), nameof(ClientErrorCodes.ClientUnreachable), nameof(ClientErrorCodes.ClientUnexpectedAnswer),
    ];

    [Fact]
    public void EveryLibraryCode_HasTheNameAndValueOfAccessErrorCodes()
    {
        var library = Constants(typeof(AccessErrorCodes));

        var client = Constants(typeof(ClientErrorCodes)).Where(c => !NotTheLibrarys.Contains(c.Key)).ToList();

        Assert.Equal(27, client.Count);
        Assert.All(client, code => Assert.Equal(library.GetValueOrDefault(code.Key), code.Value));
    }

    [Fact]
    public void DeviceRevocationReason_NamesEveryReasonOfTheLibrary_R9()
    {
        Assert.Equal(Enum.GetNames<ServerReason>().Order(), Enum.GetNames<DeviceRevocationReason>().Where(n => n != nameof(DeviceRevocationReason.Unknown)).Order());
    }

    [Theory]
    [InlineData(nameof(ClientErrorCodes.ClientUnreachable))]
    [InlineData(nameof(ClientErrorCodes.ClientUnexpectedAnswer))]
    [InlineData(nameof(ClientErrorCodes.PairingPayloadVersionUnsupported))]
    [InlineData(nameof(ClientErrorCodes.PairingPayloadInvalid))]
    public void ClientsOwnCode_HasDistinctTextsInPolishEnglishAndUkrainian(string name)
    {
        var code = Constants(typeof(ClientErrorCodes))[name];

        var texts = new[] { "pl", "en", "uk" }.Select(language => ClientMessages.Describe(code, System.Globalization.CultureInfo.GetCultureInfo(language))).ToList();

        Assert.All(texts, text => Assert.False(string.IsNullOrWhiteSpace(text)));
        Assert.Equal(3, texts.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(texts[2], c => c is >= 'А' and <= 'я');
    }

    private static Dictionary<string, string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
}
