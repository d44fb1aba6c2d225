using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// A deterministic population of one instance with two primary schools, shaped like a real one: families of one to
/// three children who share their guardians' e-mails, most pupils with their own e-mail, some data missing. One
/// planted guardian is listed in two children's records in different schools.
/// </summary>
internal static class SchoolData
{
    public const string Symbol = "gminabenchmark";
    public const string Sp1 = "SP1";
    public const string Sp2 = "SP2";
    public const string PlantedGuardianEmail = "rodzic.benchmark@example.pl";
    public const string UnknownEmail = "nikt.nieznany@example.pl";

    private const string Actor = "sekretariat@gminabenchmark.pl";
    private const int Seed = 20260901;
    private static readonly DateTimeOffset EnteredAt = new(2026, 9, 1, 7, 30, 0, TimeSpan.Zero);

    private static readonly (string Name, string Slug)[] FemaleNames =
    [
        ("Zofia", "zofia"), ("Julia", "julia"), ("Zuzanna", "zuzanna"), ("Maja", "maja"), ("Hanna", "hanna"),
        ("Lena", "lena"), ("Alicja", "alicja"), ("Maria", "maria"), ("Oliwia", "oliwia"), ("Anna", "anna"),
        ("Katarzyna", "katarzyna"), ("Małgorzata", "malgorzata"), ("Agnieszka", "agnieszka"), ("Joanna", "joanna"),
        ("Magdalena", "magdalena"), ("Łucja", "lucja"),
    ];

    private static readonly (string Name, string Slug)[] MaleNames =
    [
        ("Jan", "jan"), ("Antoni", "antoni"), ("Aleksander", "aleksander"), ("Franciszek", "franciszek"),
        ("Jakub", "jakub"), ("Szymon", "szymon"), ("Filip", "filip"), ("Mikołaj", "mikolaj"), ("Wojciech", "wojciech"),
        ("Kacper", "kacper"), ("Piotr", "piotr"), ("Tomasz", "tomasz"), ("Paweł", "pawel"), ("Michał", "michal"),
        ("Krzysztof", "krzysztof"), ("Łukasz", "lukasz"),
    ];

    private static readonly (string Male, string Female, string Slug)[] Surnames =
    [
        ("Kowalski", "Kowalska", "kowalski"), ("Nowak", "Nowak", "nowak"), ("Wiśniewski", "Wiśniewska", "wisniewski"),
        ("Wójcik", "Wójcik", "wojcik"), ("Kamiński", "Kamińska", "kaminski"), ("Lewandowski", "Lewandowska", "lewandowski"),
        ("Zieliński", "Zielińska", "zielinski"), ("Szymański", "Szymańska", "szymanski"), ("Woźniak", "Woźniak", "wozniak"),
        ("Dąbrowski", "Dąbrowska", "dabrowski"), ("Kozłowski", "Kozłowska", "kozlowski"), ("Jankowski", "Jankowska", "jankowski"),
        ("Mazur", "Mazur", "mazur"), ("Kwiatkowski", "Kwiatkowska", "kwiatkowski"), ("Krawczyk", "Krawczyk", "krawczyk"),
        ("Piotrowski", "Piotrowska", "piotrowski"), ("Grabowski", "Grabowska", "grabowski"), ("Pawłowski", "Pawłowska", "pawlowski"),
        ("Michalski", "Michalska", "michalski"), ("Zając", "Zając", "zajac"),
    ];

    private static readonly int[] PeselWeights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

    /// <summary>
    /// Adds the instance, its two units (SP2 requires guardians' PESEL) and <paramref name="recordCount"/> records,
    /// through the store's own write methods so that every store builds its indexes as in production.
    /// </summary>
    /// <param name="writers">How many records are written at once.</param>
    public static async Task SeedAsync(ISchoolDirectoryStore directory, IStudentRecordStore records, int recordCount, int writers, CancellationToken cancellationToken)
    {
        await SeedDirectoryAsync(directory, cancellationToken);

        // A database store may write several records at once, as concurrent requests would, which seeds a million
        // records in minutes rather than hours.
        await Parallel.ForEachAsync(
            Entries(recordCount),
            new ParallelOptions { MaxDegreeOfParallelism = writers, CancellationToken = cancellationToken },
            async (entry, token) => Expect(await records.InsertStudentAsync(entry.Record, entry.Audit, token), "record"));
    }

    /// <summary>Adds the instance and its two units (SP2 requires guardians' PESEL).</summary>
    public static async Task SeedDirectoryAsync(ISchoolDirectoryStore directory, CancellationToken cancellationToken)
    {
        Expect(await directory.AddInstanceAsync(new SchoolInstance(Symbol, "Gmina Benchmark", new Uri("https://uonet.example.pl/gminabenchmark")), cancellationToken), "instance");
        Expect(await directory.AddUnitAsync(new SchoolUnit(Symbol, Sp1, "Szkoła Podstawowa nr 1", RequireGuardianPesel: false), cancellationToken), Sp1);
        Expect(await directory.AddUnitAsync(new SchoolUnit(Symbol, Sp2, "Szkoła Podstawowa nr 2", RequireGuardianPesel: true), cancellationToken), Sp2);
    }

    /// <summary>
    /// The <paramref name="recordCount"/> records with their audit entries, drawn in order: the same data every time,
    /// whether a store writes them one by one or a bulk copy streams them.
    /// </summary>
    public static IEnumerable<(StudentRecord Record, AuditEntry Audit)> Entries(int recordCount)
    {
        var generator = new Generator(new Random(Seed));
        return generator.Records(recordCount).Select(record => (Record: record, Audit: new AuditEntry
        {
            Id = generator.NewId(),
            InstanceSymbol = Symbol,
            OccurredAt = EnteredAt,
            Actor = Actor,
            Action = AuditAction.StudentImported,
            StudentId = record.Id,
        }));
    }

    private static void Expect(StoreWriteResult result, string what)
    {
        if (result != StoreWriteResult.Success)
        {
            throw new InvalidOperationException($"Seeding {what} failed: {result}.");
        }
    }

    private sealed class Generator(Random random)
    {
        private int _pupilNumber;

        public IEnumerable<StudentRecord> Records(int count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
            var plantAt = (count - 2) / 2;
            var planted = false;
            var family = 0;
            var emitted = 0;
            while (emitted < count)
            {
                if (!planted && emitted >= plantAt)
                {
                    foreach (var child in PlantedChildren())
                    {
                        yield return child;
                    }

                    emitted += 2;
                    planted = true;
                    continue;
                }

                var room = count - emitted - (planted ? 0 : 2);
                foreach (var child in Family(++family, Math.Min(FamilySize(), room)))
                {
                    yield return child;
                    emitted++;
                }
            }
        }

        public Guid NewId()
        {
            Span<byte> bytes = stackalloc byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes);
        }

        private IEnumerable<StudentRecord> PlantedChildren()
        {
            var mother = new GuardianEntry
            {
                Id = Guid.Empty,
                FirstName = "Anna",
                LastName = "Benchmarkowa",
                Email = PlantedGuardianEmail,
                Pesel = NewPesel(new DateOnly(1984, 5, 17), female: true),
                Relation = GuardianRelation.Mother,
            };
            yield return Child(Sp1, "4A", "Zofia", "Benchmarkowa", new DateOnly(2016, 3, 2), female: true, "zofia.benchmarkowa@uczen.example.pl", [mother with { Id = NewId() }]);
            yield return Child(Sp2, "1B", "Jan", "Benchmarkowy", new DateOnly(2019, 11, 23), female: false, null, [mother with { Id = NewId() }]);
        }

        private IEnumerable<StudentRecord> Family(int family, int children)
        {
            var surname = Surnames[random.Next(Surnames.Length)];
            var guardians = Guardians(family, surname);
            var unit = random.Next(10) < 6 ? Sp1 : Sp2;
            for (var i = 0; i < children; i++)
            {
                // Now and then a sibling attends the other school: the guardian then sees children in two units.
                var childUnit = random.Next(10) == 0 ? (unit == Sp1 ? Sp2 : Sp1) : unit;
                var grade = random.Next(1, 9);
                var female = random.Next(2) == 0;
                var (name, slug) = female ? FemaleNames[random.Next(FemaleNames.Length)] : MaleNames[random.Next(MaleNames.Length)];
                var lastName = female ? surname.Female : surname.Male;
                var born = new DateOnly(2026 - 6 - grade, 1, 1).AddDays(random.Next(365));
                var email = random.Next(100) < 85 ? $"{slug}.{surname.Slug}.{++_pupilNumber}@uczen.example.pl" : null;

                // Each record holds its own entries (own ids), as when the school office types them per child.
                yield return Child(childUnit, $"{grade}{(char)('A' + random.Next(5))}", name, lastName, born, female, email, [.. guardians.Select(g => g with { Id = NewId() })]);
            }
        }

        private List<GuardianEntry> Guardians(int family, (string Male, string Female, string Slug) surname)
        {
            var roll = random.Next(100);
            var guardians = new List<GuardianEntry>(2);
            if (roll < 90)
            {
                guardians.Add(Guardian(family, GuardianRelation.Mother, FemaleNames, surname.Female, surname.Slug, female: true));
            }

            if (roll is < 65 or >= 90 and < 97)
            {
                guardians.Add(Guardian(family, GuardianRelation.Father, MaleNames, surname.Male, surname.Slug, female: false));
            }

            if (roll >= 97)
            {
                guardians.Add(Guardian(family, GuardianRelation.LegalGuardian, FemaleNames, surname.Female, surname.Slug, female: true));
            }

            return guardians;
        }

        // The family's guardian, a template copied into each child's record with an id of its own.
        private GuardianEntry Guardian(int family, GuardianRelation relation, (string Name, string Slug)[] names, string lastName, string surnameSlug, bool female)
        {
            var (name, slug) = names[random.Next(names.Length)];
            var born = new DateOnly(1975, 1, 1).AddDays(random.Next(16 * 365));
            return new GuardianEntry
            {
                Id = Guid.Empty,
                FirstName = name,
                LastName = lastName,
                Email = random.Next(100) < 90 ? $"{slug}.{surnameSlug}.{family}.{(int)relation}@example.pl" : null,
                Pesel = random.Next(100) < 95 ? NewPesel(born, female) : null,
                Relation = relation,
            };
        }

        private StudentRecord Child(string unit, string className, string firstName, string lastName, DateOnly born, bool female, string? email, IReadOnlyList<GuardianEntry> guardians)
        {
            return new StudentRecord
            {
                Id = NewId(),
                InstanceSymbol = Symbol,
                UnitCode = unit,
                ClassName = className,
                FirstName = firstName,
                LastName = lastName,
                Pesel = random.Next(100) < 97 ? NewPesel(born, female) : null,
                Email = email,
                Guardians = guardians,
                CreatedAt = EnteredAt,
                UpdatedAt = EnteredAt,
            };
        }

        private int FamilySize() => random.Next(100) switch
        {
            < 50 => 1,
            < 85 => 2,
            _ => 3,
        };

        private string NewPesel(DateOnly born, bool female)
        {
            // The century is carried in the month: +20 for 2000–2099, none for 1900–1999.
            var month = born.Month + (born.Year >= 2000 ? 20 : 0);
            Span<int> digits =
            [
                born.Year % 100 / 10, born.Year % 10, month / 10, month % 10, born.Day / 10, born.Day % 10,
                random.Next(10), random.Next(10), random.Next(10), (random.Next(5) * 2) + (female ? 0 : 1), 0,
            ];
            var sum = 0;
            for (var i = 0; i < 10; i++)
            {
                sum += digits[i] * PeselWeights[i];
            }

            digits[10] = (10 - (sum % 10)) % 10;
            Span<char> text = stackalloc char[11];
            for (var i = 0; i < 11; i++)
            {
                text[i] = (char)('0' + digits[i]);
            }

            return new string(text);
        }
    }
}
