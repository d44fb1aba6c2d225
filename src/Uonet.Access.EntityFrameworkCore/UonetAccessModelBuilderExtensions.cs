using System.Text;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Uonet.Access.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.Storage;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Adds Uonet.Access's tables to an application's own <see cref="DbContext"/>.</summary>
public static class UonetAccessModelBuilderExtensions
{
    /// <summary>
    /// Adds every table of the Uonet.Access store (records, accounts, sessions, devices, outbox…) to the model, named with
    /// <see cref="UonetAccessModelOptions.TablePrefix"/> in <see cref="UonetAccessModelOptions.Schema"/>. Call it from
    /// <c>OnModelCreating</c>; the rows are internal to the store, which the application reaches through the store
    /// contracts (<c>UseEntityFrameworkCore&lt;TContext&gt;()</c>), never through <c>DbSet</c>s of its own.
    /// </summary>
    /// <param name="modelBuilder">The application context's model builder.</param>
    /// <param name="options">Prefix and schema; <see langword="null"/> means the defaults.</param>
    /// <returns>The same model builder.</returns>
    public static ModelBuilder AddUonetAccess(this ModelBuilder modelBuilder, UonetAccessModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        options ??= new UonetAccessModelOptions();
        var tables = new Tables(options);

        modelBuilder.Entity<InstanceRow>(e =>
        {
            tables.Name(e, "instances");
            e.HasKey(r => r.Symbol);
            e.Property(r => r.Symbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.Name).HasMaxLength(StoreLimits.DisplayName);
            e.Property(r => r.BaseUrl).HasMaxLength(StoreLimits.Url);
        });
        modelBuilder.Entity<UnitRow>(e =>
        {
            tables.Name(e, "units");
            e.HasKey(r => new { r.InstanceSymbol, r.Code });
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.Code).HasMaxLength(StoreLimits.UnitCode);
            e.Property(r => r.Name).HasMaxLength(StoreLimits.DisplayName);
            e.HasOne<InstanceRow>().WithMany().HasForeignKey(r => r.InstanceSymbol).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<StaffRow>(e =>
        {
            tables.Name(e, "staff");
            e.HasKey(r => new { r.InstanceSymbol, r.Email });
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.Email).HasMaxLength(StoreLimits.Email);
            e.Property(r => r.DisplayName).HasMaxLength(StoreLimits.DisplayName);
            e.HasOne<InstanceRow>().WithMany().HasForeignKey(r => r.InstanceSymbol).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Assignments).WithOne().HasForeignKey(a => new { a.InstanceSymbol, a.Email }).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<StaffAssignmentRow>(e =>
        {
            tables.Name(e, "staff_assignments");
            e.HasKey(r => new { r.InstanceSymbol, r.Email, r.Ordinal });
            e.Property(r => r.Ordinal).ValueGeneratedNever();
            e.Property(r => r.UnitCode).HasMaxLength(StoreLimits.UnitCode);
            e.Property(r => r.ClassName).HasMaxLength(StoreLimits.ClassName);
        });
        modelBuilder.Entity<StudentRow>(e =>
        {
            tables.Name(e, "students");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.UnitCode).HasMaxLength(StoreLimits.UnitCode);
            e.Property(r => r.ClassName).HasMaxLength(StoreLimits.ClassName);
            e.Property(r => r.FirstName).HasMaxLength(StoreLimits.PersonName);
            e.Property(r => r.LastName).HasMaxLength(StoreLimits.PersonName);
            e.Property(r => r.Pesel).HasMaxLength(StoreLimits.Pesel);
            e.Property(r => r.Email).HasMaxLength(StoreLimits.Email);
            e.HasOne<UnitRow>().WithMany().HasForeignKey(r => new { r.InstanceSymbol, r.UnitCode }).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Guardians).WithOne().HasForeignKey(g => g.StudentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.InstanceSymbol, r.UnitCode, r.ClassName });
            e.HasIndex(r => new { r.InstanceSymbol, r.UnitCode, r.Pesel });

            // Serves both the per-instance look-up (resolution, R5/R8) and the cross-instance one.
            e.HasIndex(r => new { r.Email, r.InstanceSymbol });
        });
        modelBuilder.Entity<GuardianRow>(e =>
        {
            tables.Name(e, "student_guardians");
            e.HasKey(r => new { r.StudentId, r.Ordinal });
            e.Property(r => r.Ordinal).ValueGeneratedNever();
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.FirstName).HasMaxLength(StoreLimits.PersonName);
            e.Property(r => r.LastName).HasMaxLength(StoreLimits.PersonName);
            e.Property(r => r.Email).HasMaxLength(StoreLimits.Email);
            e.Property(r => r.Pesel).HasMaxLength(StoreLimits.Pesel);
            e.HasIndex(r => new { r.Email, r.InstanceSymbol });
        });
        modelBuilder.Entity<AuditEntryRow>(e =>
        {
            tables.Name(e, "audit_entries");
            e.HasKey(r => r.Seq);
            e.Property(r => r.Seq).ValueGeneratedOnAdd();
            e.HasIndex(r => r.Id).IsUnique();
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.Actor).HasMaxLength(StoreLimits.Email);
            e.HasOne<StudentRow>().WithMany().HasForeignKey(r => r.StudentId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Changes).WithOne().HasForeignKey(c => c.AuditSeq).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.InstanceSymbol, r.OccurredAt, r.Seq });
            e.HasIndex(r => new { r.StudentId, r.OccurredAt, r.Seq });
        });
        modelBuilder.Entity<AuditChangeRow>(e =>
        {
            tables.Name(e, "audit_changes");
            e.HasKey(r => new { r.AuditSeq, r.Ordinal });
            e.Property(r => r.Ordinal).ValueGeneratedNever();
            e.Property(r => r.Field).HasMaxLength(StoreLimits.AuditField);
            e.Property(r => r.BeforeValue).HasMaxLength(StoreLimits.AuditValue);
            e.Property(r => r.AfterValue).HasMaxLength(StoreLimits.AuditValue);
        });
        modelBuilder.Entity<ImportRunRow>(e =>
        {
            tables.Name(e, "import_runs");
            e.HasKey(r => r.Seq);
            e.Property(r => r.Seq).ValueGeneratedOnAdd();
            e.HasIndex(r => r.Id).IsUnique();
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.UnitCode).HasMaxLength(StoreLimits.UnitCode);
            e.Property(r => r.ActorEmail).HasMaxLength(StoreLimits.Email);
            e.Property(r => r.FileName).HasMaxLength(StoreLimits.FileName);
            e.HasIndex(r => new { r.InstanceSymbol, r.UnitCode, r.StartedAt });
        });
        modelBuilder.Entity<AccountRow>(e =>
        {
            tables.Name(e, "accounts");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.Email).HasMaxLength(StoreLimits.Email);
            e.Property(r => r.PasswordHash).HasMaxLength(StoreLimits.PasswordHash);
            e.Property(r => r.SecurityStamp).HasMaxLength(StoreLimits.SecurityStamp);
            e.Property(r => r.SecondFactorTicketHash).HasMaxLength(StoreLimits.Hash);
            e.Property(r => r.SecondFactorClientHash).HasMaxLength(StoreLimits.Hash);
            e.HasIndex(r => new { r.InstanceSymbol, r.Email }).IsUnique();
            e.HasOne<InstanceRow>().WithMany().HasForeignKey(r => r.InstanceSymbol).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<LinkTokenRow>(e =>
        {
            tables.Name(e, "link_tokens");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.TokenHash).HasMaxLength(StoreLimits.Hash);
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.Email).HasMaxLength(StoreLimits.Email);
            e.HasIndex(r => r.TokenHash).IsUnique();
            e.HasIndex(r => new { r.InstanceSymbol, r.Email });
            e.HasOne<InstanceRow>().WithMany().HasForeignKey(r => r.InstanceSymbol).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<SessionRow>(e =>
        {
            tables.Name(e, "sessions");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.SecretHash).HasMaxLength(StoreLimits.Hash);
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.SecurityStamp).HasMaxLength(StoreLimits.SecurityStamp);
            e.Property(r => r.ClientDescription).HasMaxLength(StoreLimits.ClientDescription);
            e.Property(r => r.ClientNetwork).HasMaxLength(StoreLimits.ClientNetwork);
            e.HasOne<AccountRow>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => r.AccountId);
        });
        modelBuilder.Entity<AttemptRow>(e =>
        {
            tables.Name(e, "attempts");
            e.HasKey(r => r.Key);
            e.Property(r => r.Key).HasMaxLength(StoreLimits.AttemptKey);
        });
        modelBuilder.Entity<AccountLinkRow>(e =>
        {
            tables.Name(e, "account_links");
            e.HasKey(r => new { r.AccountId, r.LinkedAccountId });
            e.HasOne<AccountRow>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<AccountRow>().WithMany().HasForeignKey(r => r.LinkedAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => r.LinkedAccountId);
        });
        modelBuilder.Entity<OutboxRow>(e =>
        {
            tables.Name(e, "outbox");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.MessageId).HasMaxLength(StoreLimits.MessageId);
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.ToAddress).HasMaxLength(StoreLimits.Email);
            e.Property(r => r.Subject).HasMaxLength(StoreLimits.Subject);
            e.Property(r => r.Link).HasMaxLength(StoreLimits.ProtectedLink);
            e.Property(r => r.LastError).HasMaxLength(StoreLimits.MailError);
            e.HasIndex(r => new { r.SentAt, r.NextAttemptAt });
            e.HasIndex(r => new { r.CreatedAt, r.Id });
            e.HasIndex(r => new { r.ToAddress, r.CreatedAt, r.Id });
            e.HasIndex(r => r.ClaimId);
        });
        modelBuilder.Entity<PairingTicketRow>(e =>
        {
            tables.Name(e, "pairing_tickets");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.TokenHash).HasMaxLength(StoreLimits.Hash);
            e.Property(r => r.PinHash).HasMaxLength(StoreLimits.Hash);
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.HasOne<AccountRow>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);

            // Not unique: a short pairing token may come round again after its ticket is long dead; the newest wins.
            e.HasIndex(r => new { r.TokenHash, r.CreatedAt });
            e.HasIndex(r => r.AccountId);
        });
        modelBuilder.Entity<DeviceRow>(e =>
        {
            tables.Name(e, "devices");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.Name).HasMaxLength(StoreLimits.DeviceText);
            e.Property(r => r.Platform).HasMaxLength(StoreLimits.DeviceText);
            e.HasOne<AccountRow>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => new { r.AccountId, r.CreatedAt });
        });
        modelBuilder.Entity<SignatureRow>(e =>
        {
            tables.Name(e, "signature_replay");
            e.HasKey(r => new { r.DeviceId, r.SignatureHash });
            e.Property(r => r.SignatureHash).HasMaxLength(StoreLimits.Hash);
            e.HasIndex(r => r.ExpiresAt);
        });
        modelBuilder.Entity<MaintenanceWindowRow>(e =>
        {
            tables.Name(e, "maintenance_windows");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.MessagePolish).HasMaxLength(StoreLimits.MaintenanceMessage);
            e.Property(r => r.MessageEnglish).HasMaxLength(StoreLimits.MaintenanceMessage);
            e.Property(r => r.CreatedBy).HasMaxLength(StoreLimits.Email);
            e.HasIndex(r => new { r.InstanceSymbol, r.StartsAt });
        });
        modelBuilder.Entity<SecurityEventRow>(e =>
        {
            tables.Name(e, "security_events");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.ClientAddress).HasMaxLength(StoreLimits.SecurityEventText);
            e.Property(r => r.ClientDescription).HasMaxLength(StoreLimits.SecurityEventText);
            e.Property(r => r.Detail).HasMaxLength(StoreLimits.SecurityEventText);
            e.HasOne<AccountRow>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => new { r.AccountId, r.OccurredAt });
            e.HasIndex(r => r.OccurredAt);
        });
        modelBuilder.Entity<PasskeyRow>(e =>
        {
            tables.Name(e, "passkeys");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.Property(r => r.CredentialId).HasMaxLength(StoreLimits.CredentialId);
            e.Property(r => r.Name).HasMaxLength(StoreLimits.PasskeyName);
            e.HasOne<AccountRow>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => new { r.InstanceSymbol, r.CredentialId }).IsUnique();
            e.HasIndex(r => new { r.AccountId, r.CreatedAt });
        });
        modelBuilder.Entity<PasskeyChallengeRow>(e =>
        {
            tables.Name(e, "passkey_challenges");
            e.HasKey(r => r.ChallengeHash);
            e.Property(r => r.ChallengeHash).HasMaxLength(StoreLimits.Hash);
            e.Property(r => r.InstanceSymbol).HasMaxLength(StoreLimits.Symbol);
            e.HasIndex(r => r.ExpiresAt);
        });

        // snake_case columns, as the hand-written stores name them: the tables read the same in any SQL console.
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(t => t.ClrType.Namespace == typeof(InstanceRow).Namespace))
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }

        return modelBuilder;
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private sealed class Tables(UonetAccessModelOptions options)
    {
        public void Name<T>(EntityTypeBuilder<T> entity, string table)
            where T : class => entity.ToTable(options.TablePrefix + table, options.Schema);
    }
}
