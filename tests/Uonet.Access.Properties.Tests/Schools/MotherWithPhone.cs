using System.Security.Cryptography;

namespace Uonet.Access.Properties.Tests.Schools;

/// <summary>
/// A <see cref="School"/> where Ola's mother has set her password, is signed in, has paired a phone and has asked for a
/// new link that she has not used yet: one live value of every secret a request can carry.
/// </summary>
public sealed class MotherWithPhone : IAsyncLifetime
{
    private School? _school;
    private ECDsa? _phoneKey;

    internal School School => _school ?? throw new InvalidOperationException("The fixture is not initialized.");

    public string SessionTicket { get; private set; } = string.Empty;

    public string LiveLinkToken { get; private set; } = string.Empty;

    public Guid PhoneId { get; private set; }

    public ECDsa PhoneKey => _phoneKey ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        _school = await School.OpenAsync();
        await _school.AddOlaWithMotherAsync();
        SessionTicket = await _school.SignInMotherAsync();
        (PhoneId, _phoneKey) = await _school.PairPhoneAsync(SessionTicket);
        LiveLinkToken = await _school.RequestLinkTokenAsync();
    }

    public async Task DisposeAsync()
    {
        _phoneKey?.Dispose();
        if (_school is not null)
        {
            await _school.DisposeAsync();
        }
    }
}
