using Uonet.Access;
using Uonet.Access.Records;

namespace Uonet.Access.Sample.DemoData;

/// <summary>
/// A demo school district entered through the library's own services (so it obeys every rule), with one address
/// for each situation of the FAQ. <see cref="Addresses"/> tells a newcomer which address shows what.
/// </summary>
public static class DemoDataset
{
    public const string Symbol = "gminawulkanowo";
    public const string OtherSymbol = "powiatwulkanowy";

    public static readonly StaffActor SecretarySp1 = new(Symbol, "sekretariat@sp1.wulkanowo.example.pl");
    public static readonly StaffActor TeacherSp1Class4A = new(Symbol, "wychowawca.4a@sp1.wulkanowo.example.pl");
    public static readonly StaffActor SecretarySp2 = new(Symbol, "sekretariat@sp2.wulkanowo.example.pl");
    public static readonly StaffActor Administrator = new(Symbol, "admin@wulkanowo.example.pl");
    public static readonly StaffActor SecretaryLo1 = new(OtherSymbol, "sekretariat@lo1.powiat.example.pl");

    /// <summary>The demo addresses and what each shows (FAQ question in brackets).</summary>
    public static IReadOnlyList<DemoAddress> Addresses { get; } =
    [
        new("ola.nowak@uczen.example.pl", "Uczennica z kompletną kartoteką: może się logować (FAQ 1)", "A pupil with a complete record: can sign in (FAQ 1)", "Учениця з повною карткою: може входити (FAQ 1)"),
        new("kuba.wisniewski@uczen.example.pl", "Uczeń bez numeru PESEL: nie może się logować (FAQ 1)", "A pupil without PESEL: cannot sign in (FAQ 1)", "Учень без номера PESEL: не може входити (FAQ 1)"),
        new("anna.nowak@example.pl", "Matka trojga dzieci w dwóch szkołach pod jednym adresem: widzi wszystkie (FAQ 2, 4, 5)", "A mother of three in two schools at one address: sees all of them (FAQ 2, 4, 5)", "Мати трьох дітей у двох школах за однією адресою: бачить усіх (FAQ 2, 4, 5)"),
        new("tomasz.zielinski@example.pl", "Ojciec bez PESEL w szkole, która go wymaga (FAQ 2)", "A father without PESEL at a school that requires it (FAQ 2)", "Батько без PESEL у школі, яка його вимагає (FAQ 2)"),
        new("opiekun.bez.imienia@example.pl", "Opiekun wpisany bez imienia: nie może się logować (FAQ 2)", "A guardian entered without first name: cannot sign in (FAQ 2)", "Опікун, записаний без імені: не може входити (FAQ 2)"),
        new("marek.kowalski@example.pl", "Ojciec dzieci pod dwoma adresami systemu: pod każdym widzi jedno dziecko (FAQ 5)", "A father with children at two system addresses: sees one child at each (FAQ 5)", "Батько дітей за двома адресами системи: за кожною бачить одну дитину (FAQ 5)"),
        new("jan.lis@example.pl", "Rodzic wpisany tylko pod innym adresem systemu (FAQ 5)", "A parent listed only at another system address (FAQ 5)", "Один із батьків, записаний лише за іншою адресою системи (FAQ 5)"),
        new("nieznany@example.pl", "Adres, którego nie ma w żadnej kartotece (FAQ 1, 2)", "An address no record lists (FAQ 1, 2)", "Адреса, якої немає в жодній картці (FAQ 1, 2)"),
    ];

    /// <summary>The site the demo instances live at when no other is given.</summary>
    public static readonly Uri DefaultSite = new("https://localhost:5001/");

    /// <summary>Enters the demo data. Returns false when the demo instance already exists (nothing is changed then).</summary>
    public static Task<bool> SeedAsync(SchoolDirectory directory, StudentRecords records, CancellationToken cancellationToken = default) =>
        SeedAsync(directory, records, DefaultSite, cancellationToken);

    /// <summary>
    /// Enters the demo data with the instances at <paramref name="site"/> (<c>{site}gminawulkanowo/</c>…), so that mail
    /// links and pairing codes lead to the host that serves them. Returns false when the demo instance already exists.
    /// </summary>
    public static async Task<bool> SeedAsync(SchoolDirectory directory, StudentRecords records, Uri site, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(site);
        if (await directory.FindInstanceAsync(Symbol, cancellationToken) is not null)
        {
            return false;
        }

        var root = site.AbsoluteUri.EndsWith('/') ? site : new Uri(site.AbsoluteUri + "/");
        Ok(await directory.AddInstanceAsync(Symbol, "Gmina Wulkanowo", new Uri(root, Symbol + "/").AbsoluteUri, cancellationToken));
        Ok(await directory.AddInstanceAsync(OtherSymbol, "Powiat Wulkanowy", new Uri(root, OtherSymbol + "/").AbsoluteUri, cancellationToken));
        Ok(await directory.AddUnitAsync(Symbol, "SP1", "Szkoła Podstawowa nr 1 w Wulkanowie", cancellationToken: cancellationToken));
        Ok(await directory.AddUnitAsync(Symbol, "SP2", "Szkoła Podstawowa nr 2 w Wulkanowie", requireGuardianPesel: true, cancellationToken));
        Ok(await directory.AddUnitAsync(OtherSymbol, "LO1", "I Liceum Ogólnokształcące w Wulkanowie", cancellationToken: cancellationToken));
        Ok(await directory.AssignStaffAsync(Symbol, SecretarySp1.Email, "Halina Sekretarz", new StaffAssignment(StaffRole.Secretary, "SP1"), cancellationToken));
        Ok(await directory.AssignStaffAsync(Symbol, TeacherSp1Class4A.Email, "Jerzy Wychowawca", new StaffAssignment(StaffRole.ClassTeacher, "SP1", "4A"), cancellationToken));
        Ok(await directory.AssignStaffAsync(Symbol, SecretarySp2.Email, "Irena Sekretarz", new StaffAssignment(StaffRole.Secretary, "SP2"), cancellationToken));
        Ok(await directory.AssignStaffAsync(Symbol, Administrator.Email, "Adam Administrator", new StaffAssignment(StaffRole.Administrator), cancellationToken));
        Ok(await directory.AssignStaffAsync(OtherSymbol, SecretaryLo1.Email, "Olga Sekretarz", new StaffAssignment(StaffRole.Secretary, "LO1"), cancellationToken));

        var annaNowak = Guardian("Anna", "Nowak", "anna.nowak@example.pl", "85021513573", GuardianRelation.Mother);
        await Add(records, SecretarySp1, "SP1", "4A", "Ola", "Nowak", "15220123459", "ola.nowak@uczen.example.pl", cancellationToken, annaNowak);
        await Add(records, SecretarySp1, "SP1", "1B", "Piotr", "Nowak", "16310534566", null, cancellationToken, annaNowak);
        await Add(records, SecretarySp2, "SP2", "6C", "Zosia", "Nowak", "14010112345", null, cancellationToken, annaNowak);
        await Add(records, SecretarySp1, "SP1", "4A", "Kuba", "Wiśniewski", null, "kuba.wisniewski@uczen.example.pl", cancellationToken,
            Guardian("Ewa", "Wiśniewska", "ewa.wisniewska@example.pl", null, GuardianRelation.Mother));
        await Add(records, SecretarySp2, "SP2", "5A", "Basia", "Zielińska", "15230301012", null, cancellationToken,
            Guardian("Tomasz", "Zieliński", "tomasz.zielinski@example.pl", null, GuardianRelation.Father));
        await Add(records, SecretarySp1, "SP1", "2A", "Staś", "Mazur", "16211145674", null, cancellationToken,
            Guardian(null, "Mazur", "opiekun.bez.imienia@example.pl", null, GuardianRelation.LegalGuardian));
        await Add(records, SecretarySp1, "SP1", "3A", "Kasia", "Kowalska", "15220123466", null, cancellationToken,
            Guardian("Marek", "Kowalski", "marek.kowalski@example.pl", null, GuardianRelation.Father));
        await Add(records, SecretaryLo1, "LO1", "1A", "Michał", "Kowalski", "08270512344", "michal.kowalski@uczen.example.pl", cancellationToken,
            Guardian("Marek", "Kowalski", "marek.kowalski@example.pl", null, GuardianRelation.Father));
        await Add(records, SecretaryLo1, "LO1", "2B", "Julia", "Lis", "09221134567", null, cancellationToken,
            Guardian("Jan", "Lis", "jan.lis@example.pl", null, GuardianRelation.Father));
        return true;
    }

    private static GuardianDetails Guardian(string? first, string last, string email, string? pesel, GuardianRelation relation) =>
        new() { FirstName = first, LastName = last, Email = email, Pesel = pesel, Relation = relation };

    private static async Task Add(StudentRecords records, StaffActor actor, string unit, string className, string first, string last, string? pesel, string? email, CancellationToken cancellationToken, params GuardianDetails[] guardians)
    {
        var result = await records.AddStudentAsync(actor, new NewStudent
        {
            UnitCode = unit,
            ClassName = className,
            FirstName = first,
            LastName = last,
            Pesel = pesel,
            Email = email,
            Guardians = guardians,
        }, cancellationToken);
        Ok(result);
    }

    private static void Ok(AccessResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The demo dataset was refused: " + result);
        }
    }
}

/// <summary>A demo address and the FAQ situation it shows.</summary>
/// <param name="Email">The address.</param>
/// <param name="Polish">What it shows, in Polish.</param>
/// <param name="English">What it shows, in English.</param>
/// <param name="Ukrainian">What it shows, in Ukrainian.</param>
public sealed record DemoAddress(string Email, string Polish, string English, string Ukrainian);
