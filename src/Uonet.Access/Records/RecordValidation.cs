namespace Uonet.Access.Records;

/// <summary>Cleans and validates record input, collecting every error with the field it concerns.</summary>
internal static class RecordValidation
{
    public static string? CleanClassName(string? input, string field, List<AccessError> errors)
    {
        var error = TextRules.TryCleanRequired(input, field, StudentRecordLimits.MaxClassNameLength, out var cleaned);
        if (error is not null)
        {
            errors.Add(error);
            return null;
        }

        // Upper-casing can decompose a letter again (i + combining dot → I + dot), so normalize after it.
        return cleaned.ToUpperInvariant().Normalize(System.Text.NormalizationForm.FormC);
    }

    public static string? CleanName(string? input, string field, bool required, List<AccessError> errors)
    {
        AccessError? error;
        string? cleaned;
        if (required)
        {
            error = TextRules.TryCleanRequired(input, field, StudentRecordLimits.MaxNameLength, out var value);
            cleaned = value;
        }
        else
        {
            error = TextRules.TryClean(input, field, StudentRecordLimits.MaxNameLength, out cleaned);
        }

        if (error is not null)
        {
            errors.Add(error);
            return null;
        }

        return cleaned;
    }

    /// <summary>An optional e-mail: blank means none.</summary>
    public static string? CleanEmail(string? input, string field, List<AccessError> errors)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var error = EmailAddress.TryNormalize(input, out var normalized);
        if (error is not null)
        {
            errors.Add(Refield(error, field));
            return null;
        }

        return normalized;
    }

    /// <summary>An optional PESEL: blank means none.</summary>
    public static string? CleanPesel(string? input, string field, List<AccessError> errors)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var error = Pesel.TryValidate(input, out var pesel);
        if (error is not null)
        {
            errors.Add(Refield(error, field));
            return null;
        }

        return pesel;
    }

    public static GuardianEntry? CleanGuardian(GuardianDetails details, Guid id, string prefix, List<AccessError> errors)
    {
        ArgumentNullException.ThrowIfNull(details);
        var before = errors.Count;
        var first = CleanName(details.FirstName, prefix + "firstName", required: false, errors);
        var last = CleanName(details.LastName, prefix + "lastName", required: false, errors);
        var email = CleanEmail(details.Email, prefix + "email", errors);
        var pesel = CleanPesel(details.Pesel, prefix + "pesel", errors);
        if (!Enum.IsDefined(details.Relation))
        {
            errors.Add(new AccessError(AccessErrorCodes.ImportRelationInvalid, prefix + "relation", new Dictionary<string, string> { ["value"] = details.Relation.ToString() }));
        }

        if (errors.Count > before)
        {
            return null;
        }

        if (last is null && email is null)
        {
            errors.Add(new AccessError(AccessErrorCodes.GuardianIncomplete, prefix + "lastName"));
            return null;
        }

        return new GuardianEntry { Id = id, FirstName = first, LastName = last, Email = email, Pesel = pesel, Relation = details.Relation };
    }

    /// <summary>Rules that span fields of a whole record: R2's different e-mail, no duplicate guardian, the guardian limit.</summary>
    public static void CheckRecordRules(StudentRecord record, List<AccessError> errors)
    {
        if (record.Guardians.Count > StudentRecordLimits.MaxGuardians)
        {
            errors.Add(new AccessError(AccessErrorCodes.GuardianLimit, "guardians", new Dictionary<string, string>
            {
                ["max"] = StudentRecordLimits.MaxGuardians.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < record.Guardians.Count; i++)
        {
            var guardian = record.Guardians[i];
            var prefix = $"guardians[{i}].";
            if (guardian.Email is not null && guardian.Email == record.Email)
            {
                errors.Add(new AccessError(AccessErrorCodes.GuardianEmailSameAsStudent, prefix + "email"));
            }

            var key = guardian.Email is not null
                ? "e:" + guardian.Email
                : "n:" + (guardian.FirstName ?? string.Empty).ToUpperInvariant() + "|" + (guardian.LastName ?? string.Empty).ToUpperInvariant();
            if (!seen.Add(key))
            {
                errors.Add(new AccessError(AccessErrorCodes.GuardianDuplicate, prefix + (guardian.Email is not null ? "email" : "lastName")));
            }
        }
    }

    public static AccessError Refield(AccessError error, string field) => new(error.Code, field, error.Arguments);
}
