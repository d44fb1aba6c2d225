namespace Uonet.Access.Sample.EntityFrameworkCore.School;

/// <summary>A school's announcement: the application's own entity, kept beside Uonet.Access's tables.</summary>
public sealed class Announcement
{
    public int Id { get; set; }

    /// <summary>The instance (gmina) whose signed-in people see it.</summary>
    public required string InstanceSymbol { get; set; }

    public required string Title { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
}
