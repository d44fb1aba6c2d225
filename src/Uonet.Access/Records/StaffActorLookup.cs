using Uonet.Access.Storage;

namespace Uonet.Access.Records;

/// <summary>
/// Who a <see cref="StaffActor"/> is: the one place every staff operation resolves its actor, so each answers alike.
/// A malformed symbol is refused with its own code; an unknown or malformed e-mail is <see cref="AccessErrorCodes.StaffNotFound"/>
/// and nothing more, so the answer does not tell which addresses are staff.
/// </summary>
internal static class StaffActorLookup
{
    public static async Task<(StaffMember? Staff, AccessError? Error)> ResolveActorAsync(this ISchoolDirectoryStore directory, StaffActor actor, CancellationToken cancellationToken)
    {
        var symbolError = InstanceSymbol.TryNormalize(actor.InstanceSymbol, out var symbol);
        if (symbolError is not null)
        {
            return (null, symbolError);
        }

        if (EmailAddress.TryNormalize(actor.Email, out var email) is not null)
        {
            return (null, new AccessError(AccessErrorCodes.StaffNotFound));
        }

        var staff = await directory.FindStaffAsync(symbol, email, cancellationToken).ConfigureAwait(false);
        return staff is null ? (null, new AccessError(AccessErrorCodes.StaffNotFound)) : (staff, null);
    }
}
