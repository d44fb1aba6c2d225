using Uonet.Access.Storage;

namespace Uonet.Access.Records;

/// <summary>Look-ups from what a caller typed (a symbol, a staff actor) that every service resolves the same way.</summary>
internal static class DirectoryLookups
{
    /// <summary>The instance a typed symbol names, or <see langword="null"/> when the symbol is malformed or unknown.</summary>
    public static async Task<SchoolInstance?> FindInstanceBySymbolAsync(this ISchoolDirectoryStore directory, string? symbol, CancellationToken cancellationToken) =>
        InstanceSymbol.TryNormalize(symbol, out var normalized) is null
            ? await directory.FindInstanceAsync(normalized, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>
    /// Who a <see cref="StaffActor"/> is, so every staff operation answers alike. A malformed symbol is refused with its
    /// own code; an unknown or malformed e-mail is <see cref="AccessErrorCodes.StaffNotFound"/> and nothing more, so the
    /// answer does not tell which addresses are staff. So is a member whose last role was taken away: a member without
    /// roles is no staff member, whatever the host shows them.
    /// </summary>
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
        return staff is { HoldsAnyRole: true } ? (staff, null) : (null, new AccessError(AccessErrorCodes.StaffNotFound));
    }
}
