namespace Uonet.Access.Client;

/// <summary>Why the server unregistered a device (<see cref="ClientErrorCodes.DeviceRevoked"/>), so the app can say so and offer to register again (R9).</summary>
public enum DeviceRevocationReason
{
    /// <summary>A reason this client does not know (a newer server).</summary>
    Unknown,

    /// <summary>The account holder unregistered the device (<i>Wyrejestruj</i>).</summary>
    RevokedByUser,

    /// <summary>The school staff unregistered the device.</summary>
    RevokedByStaff,

    /// <summary>The e-mail address of the account changed in the records (R9): pair again with the new account, no reinstall.</summary>
    EmailChanged,

    /// <summary>The account was closed.</summary>
    AccountClosed,
}
