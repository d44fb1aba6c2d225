using Microsoft.EntityFrameworkCore;
using Uonet.Access.Sample.DemoData;

namespace Uonet.Access.Sample.EntityFrameworkCore.School;

/// <summary>A few announcements of the demo district, beside the demo people of <see cref="DemoDataset"/>.</summary>
public static class DemoAnnouncements
{
    /// <summary>Adds the announcements once: returns false when the context already holds some.</summary>
    public static async Task<bool> SeedAsync(SchoolPortalContext context, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(time);
        if (await context.Announcements.AnyAsync(cancellationToken))
        {
            return false;
        }

        var now = time.GetUtcNow();
        context.Announcements.AddRange(
            new Announcement
            {
                InstanceSymbol = DemoDataset.Symbol, Title = "Zebranie z rodzicami",
                Body = "Zebrania klas 1–8 odbędą się w czwartek o 17:00.", PublishedAt = now.AddDays(-2),
            },
            new Announcement
            {
                InstanceSymbol = DemoDataset.Symbol, Title = "Dzień otwarty",
                Body = "Zapraszamy przyszłych uczniów i ich rodziców w sobotę.", PublishedAt = now.AddDays(-1),
            },
            new Announcement
            {
                InstanceSymbol = DemoDataset.OtherSymbol, Title = "Matura próbna",
                Body = "Próbna matura z matematyki w poniedziałek o 9:00.", PublishedAt = now.AddDays(-1),
            });
        await context.SaveChangesAsync(cancellationToken);
        return true;
    }
}
