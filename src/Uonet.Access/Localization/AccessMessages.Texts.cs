using Uonet.Access.Eligibility;

namespace Uonet.Access.Localization;

public static partial class AccessMessages
{
    private static readonly Dictionary<string, (string Polish, string English)> Texts = new(StringComparer.Ordinal)
    {
        [AccessErrorCodes.EmailRequired] = ("Podaj adres e-mail.", "Enter an e-mail address."),
        [AccessErrorCodes.EmailTooLong] = ("Adres e-mail jest za długi (najwyżej 254 znaki, przed znakiem @ najwyżej 64).", "The e-mail address is too long (at most 254 characters, at most 64 before the @)."),
        [AccessErrorCodes.EmailFormat] = ("To nie jest adres e-mail: potrzebny jest dokładnie jeden znak @ między nazwą a domeną, np. jan.kowalski@example.pl.", "This is not an e-mail address: it needs exactly one @ between a name and a domain, e.g. jan.kowalski@example.pl."),
        [AccessErrorCodes.EmailLocalPartInvalid] = ("Część adresu e-mail przed znakiem @ zawiera niedozwolone znaki lub kropki.", "The part of the e-mail address before the @ holds characters or dots that are not allowed."),
        [AccessErrorCodes.EmailDomainInvalid] = ("Część adresu e-mail po znaku @ nie jest poprawną domeną (np. example.pl).", "The part of the e-mail address after the @ is not a valid domain (e.g. example.pl)."),

        [AccessErrorCodes.PeselRequired] = ("Podaj numer PESEL.", "Enter the PESEL number."),
        [AccessErrorCodes.PeselLength] = ("PESEL ma dokładnie 11 cyfr.", "A PESEL has exactly 11 digits."),
        [AccessErrorCodes.PeselDigits] = ("PESEL składa się wyłącznie z cyfr.", "A PESEL consists of digits only."),
        [AccessErrorCodes.PeselChecksum] = ("PESEL ma błędną cyfrę kontrolną: sprawdź, czy nie ma literówki.", "The PESEL's check digit is wrong: check it for a typo."),
        [AccessErrorCodes.PeselDate] = ("PESEL zawiera datę urodzenia, która nie istnieje.", "The PESEL holds a date of birth that does not exist."),

        [AccessErrorCodes.FieldRequired] = ("Pole „{field}” jest wymagane.", "The field \"{field}\" is required."),
        [AccessErrorCodes.FieldTooLong] = ("Pole „{field}” może mieć najwyżej {max} znaków.", "The field \"{field}\" may have at most {max} characters."),
        [AccessErrorCodes.FieldInvalidCharacters] = ("Pole „{field}” zawiera niedozwolone znaki.", "The field \"{field}\" holds characters that are not allowed."),

        [AccessErrorCodes.GuardianEmailSameAsStudent] = ("Adres e-mail rodzica/opiekuna musi być inny niż adres ucznia.", "The guardian's e-mail address must differ from the pupil's own."),
        [AccessErrorCodes.GuardianDuplicate] = ("Ten rodzic/opiekun jest już wpisany w kartotece ucznia.", "This guardian is already listed in the pupil's record."),
        [AccessErrorCodes.GuardianIncomplete] = ("Wpisz przynajmniej nazwisko albo adres e-mail rodzica/opiekuna.", "Enter at least the guardian's last name or e-mail address."),
        [AccessErrorCodes.GuardianLimit] = ("Kartoteka ucznia może zawierać najwyżej {max} rodziców/opiekunów.", "A pupil's record may list at most {max} guardians."),
        [AccessErrorCodes.StudentNotFound] = ("Nie znaleziono kartoteki ucznia.", "The pupil's record was not found."),
        [AccessErrorCodes.GuardianNotFound] = ("Nie znaleziono rodzica/opiekuna w kartotece ucznia.", "The guardian was not found in the pupil's record."),
        [AccessErrorCodes.ConcurrencyConflict] = ("Ktoś inny zmienił tę kartotekę w międzyczasie. Otwórz ją ponownie i powtórz zmianę.", "Someone else changed this record in the meantime. Open it again and repeat the change."),
        [AccessErrorCodes.PeselDuplicate] = ("W tej szkole jest już kartoteka ucznia z tym numerem PESEL.", "This school already has a pupil's record with this PESEL."),
        [AccessErrorCodes.StudentAlreadyExists] = ("Kartoteka o tym identyfikatorze już istnieje.", "A record with this id already exists."),

        [AccessErrorCodes.InstanceSymbolInvalid] = ("Symbol adresu systemu ma 2–64 znaki: małe litery, cyfry i myślniki.", "An instance symbol has 2–64 characters: lowercase letters, digits and hyphens."),
        [AccessErrorCodes.InstanceNotFound] = ("Nie ma takiego adresu systemu (symbolu). Prawidłowy adres przekazuje szkoła.", "There is no such system address (symbol). The school gives out the correct address."),
        [AccessErrorCodes.InstanceAlreadyExists] = ("Adres systemu o tym symbolu już istnieje.", "An instance with this symbol already exists."),
        [AccessErrorCodes.InstanceBaseUrlInvalid] = ("Adres witryny musi być pełnym adresem http lub https.", "The site address must be an absolute http or https URL."),
        [AccessErrorCodes.UnitCodeInvalid] = ("Kod jednostki ma 1–32 znaki: litery, cyfry, myślniki i podkreślenia.", "A unit code has 1–32 characters: letters, digits, hyphens and underscores."),
        [AccessErrorCodes.UnitNotFound] = ("Nie ma takiej jednostki (szkoły) pod tym adresem systemu.", "There is no such unit (school) in this instance."),
        [AccessErrorCodes.UnitAlreadyExists] = ("Jednostka o tym kodzie już istnieje.", "A unit with this code already exists."),

        [AccessErrorCodes.StaffNotFound] = ("Ta osoba nie jest pracownikiem szkoły pod tym adresem systemu.", "This person is not a staff member of this instance."),
        [AccessErrorCodes.StaffNotAllowed] = ("Twoja rola nie pozwala na tę zmianę. Dane ucznia wprowadza sekretarz szkoły.", "Your role does not allow this change. The school secretary enters pupils' data."),
        [AccessErrorCodes.StaffOtherUnit] = ("Ta kartoteka należy do innej szkoły; zmienić ją może tylko jej sekretarz lub wychowawca.", "This record belongs to another school; only its secretary or class teacher can change it."),
        [AccessErrorCodes.StaffOtherClass] = ("Wychowawca może zmieniać tylko kartoteki uczniów swojej klasy.", "A class teacher may change only the records of their own class."),
        [AccessErrorCodes.StaffClassChangeNotAllowed] = ("Przeniesienie ucznia do innej klasy wykonuje sekretarz szkoły.", "Moving a pupil to another class is done by the school secretary."),
        [AccessErrorCodes.StaffAssignmentInvalid] = ("Rola sekretarza i wychowawcy wymaga jednostki, a rola wychowawcy także klasy.", "The secretary and class teacher roles need a unit, and the class teacher role also a class."),

        [AccessErrorCodes.ImportHeaderInvalid] = ("Plik CSV nie ma wiersza nagłówka z wymaganymi kolumnami: {columns}.", "The CSV file has no header row with the required columns: {columns}."),
        [AccessErrorCodes.ImportRowMalformed] = ("Wiersz ma inną liczbę pól niż nagłówek albo niezamknięty cudzysłów.", "The row has a different number of fields than the header, or an unclosed quote."),
        [AccessErrorCodes.ImportTooManyRows] = ("Plik ma za dużo wierszy (najwyżej {max}). Podziel go na części.", "The file has too many rows (at most {max}). Split it into parts."),
        [AccessErrorCodes.ImportRelationInvalid] = ("Nieznany stopień pokrewieństwa „{value}”: użyj matka, ojciec, opiekun prawny lub inny.", "Unknown relation \"{value}\": use mother, father, legal-guardian or other."),

        [DiagnosisCodes.Eligible] = ("Ten adres może się logować i widzi tego ucznia.", "This address can sign in and sees this pupil."),
        [DiagnosisCodes.StudentNameMissing] = ("W kartotece ucznia brakuje imienia lub nazwiska, więc uczeń nie może się zalogować (zasada R1).", "The pupil's record lacks a first or last name, so the pupil cannot sign in (rule R1)."),
        [DiagnosisCodes.StudentPeselMissing] = ("W kartotece ucznia brakuje numeru PESEL, więc uczeń nie może się zalogować (zasada R1).", "The pupil's record has no PESEL, so the pupil cannot sign in (rule R1)."),
        [DiagnosisCodes.StudentPeselInvalid] = ("PESEL w kartotece ucznia jest błędny, więc uczeń nie może się zalogować (zasada R1).", "The PESEL in the pupil's record is invalid, so the pupil cannot sign in (rule R1)."),
        [DiagnosisCodes.GuardianNameMissing] = ("W kartotece dziecka brakuje imienia lub nazwiska rodzica/opiekuna z tym adresem (zasada R2).", "The child's record lacks the first or last name of the guardian with this address (rule R2)."),
        [DiagnosisCodes.GuardianEmailSameAsStudent] = ("Adres rodzica/opiekuna jest taki sam jak adres ucznia; musi być inny (zasada R2).", "The guardian's address is the same as the pupil's own; it must differ (rule R2)."),
        [DiagnosisCodes.GuardianPeselRequired] = ("Szkoła wymaga numeru PESEL rodzica/opiekuna, a w kartotece dziecka go brakuje lub jest błędny (zasada R2).", "The school requires the guardian's PESEL, and the child's record lacks it or holds an invalid one (rule R2)."),
        [DiagnosisCodes.OtherInstanceOnly] = ("Ten adres e-mail jest wpisany w kartotece pod innym adresem systemu: {instances}. Trzeba logować się pod tamtym adresem (zasada R6).", "This e-mail address is in a record at another system address: {instances}. Sign in at that address (rule R6)."),
        [DiagnosisCodes.AddressUnknown] = ("Tego adresu e-mail nie ma w żadnej kartotece. Loginem jest adres wpisany przez szkołę; sprawdź pisownię albo poproś o wpisanie adresu (zasada R3).", "This e-mail address is in no record. The login is the address the school entered; check the spelling or ask for it to be entered (rule R3)."),

        [DiagnosisCodes.FixedBySecretary] = ("sekretarz szkoły {unit}", "the secretary of {unit}"),
        [DiagnosisCodes.FixedBySecretaryOrClassTeacher] = ("sekretarz szkoły {unit} lub wychowawca klasy {class}", "the secretary of {unit} or the class teacher of {class}"),
        [DiagnosisCodes.FixedByOtherInstance] = ("szkoła pod adresem {instances}", "the school at {instances}"),
        [DiagnosisCodes.FixedByNobody] = ("nic nie trzeba poprawiać", "nothing needs fixing"),
    };
}
