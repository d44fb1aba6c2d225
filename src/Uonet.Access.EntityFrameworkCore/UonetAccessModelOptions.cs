namespace Uonet.Access.EntityFrameworkCore;

/// <summary>Where Uonet.Access's tables sit in an application's database: a name prefix and a schema.</summary>
/// <remarks>
/// The shipped migrations (of <see cref="UonetAccessDbContext"/>) are made with the defaults; an application that
/// changes either adds the tables to its own migrations instead (<c>dotnet ef migrations add</c> on its own context).
/// </remarks>
public sealed class UonetAccessModelOptions
{
    /// <summary>The prefix of every table name, so the tables sit beside the application's own. Default <c>uonet_access_</c>.</summary>
    public string TablePrefix { get; set; } = "uonet_access_";

    /// <summary>The database schema of the tables; <see langword="null"/> (the default) means the context's default schema.</summary>
    public string? Schema { get; set; }
}
