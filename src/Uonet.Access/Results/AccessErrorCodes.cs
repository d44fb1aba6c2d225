namespace Uonet.Access;

/// <summary>
/// The stable codes of <see cref="AccessError"/>. A code keeps its meaning forever; new situations get new codes.
/// </summary>
public static class AccessErrorCodes
{
    /// <summary>No e-mail address was given.</summary>
    public const string EmailRequired = "Email.Required";
    /// <summary>The address is longer than 254 characters, or its local part longer than 64.</summary>
    public const string EmailTooLong = "Email.TooLong";
    /// <summary>The address lacks exactly one <c>@</c> between a local part and a domain.</summary>
    public const string EmailFormat = "Email.Format";
    /// <summary>The part before <c>@</c> holds characters or dots that an address may not hold.</summary>
    public const string EmailLocalPartInvalid = "Email.LocalPartInvalid";
    /// <summary>The part after <c>@</c> is not a domain name with at least two labels.</summary>
    public const string EmailDomainInvalid = "Email.DomainInvalid";

    /// <summary>No PESEL was given where one is required.</summary>
    public const string PeselRequired = "Pesel.Required";
    /// <summary>A PESEL has exactly 11 characters.</summary>
    public const string PeselLength = "Pesel.Length";
    /// <summary>A PESEL holds digits only.</summary>
    public const string PeselDigits = "Pesel.Digits";
    /// <summary>The control digit does not match the weighted sum (1,3,7,9,1,3,7,9,1,3).</summary>
    public const string PeselChecksum = "Pesel.Checksum";
    /// <summary>The PESEL encodes a date that does not exist (month field with century, day of month).</summary>
    public const string PeselDate = "Pesel.Date";

    /// <summary>A required field is empty.</summary>
    public const string FieldRequired = "Field.Required";
    /// <summary>A field is longer than allowed.</summary>
    public const string FieldTooLong = "Field.TooLong";
    /// <summary>A field holds control characters or invalid UTF-16.</summary>
    public const string FieldInvalidCharacters = "Field.InvalidCharacters";

    /// <summary>R2: a guardian's e-mail may not be the child's own e-mail.</summary>
    public const string GuardianEmailSameAsStudent = "Record.GuardianEmailSameAsStudent";
    /// <summary>The record already lists a guardian with this e-mail (or, without e-mail, this name).</summary>
    public const string GuardianDuplicate = "Record.GuardianDuplicate";
    /// <summary>A guardian entry needs at least a last name or an e-mail address.</summary>
    public const string GuardianIncomplete = "Record.GuardianIncomplete";
    /// <summary>A record lists at most <see cref="Records.StudentRecordLimits.MaxGuardians"/> guardians.</summary>
    public const string GuardianLimit = "Record.GuardianLimit";
    /// <summary>No student record with this id in the instance.</summary>
    public const string StudentNotFound = "Record.StudentNotFound";
    /// <summary>No guardian entry with this id in the record.</summary>
    public const string GuardianNotFound = "Record.GuardianNotFound";
    /// <summary>The record was changed by someone else since it was read; read it again and repeat.</summary>
    public const string ConcurrencyConflict = "Record.ConcurrencyConflict";
    /// <summary>Another record of the same unit already holds this PESEL as the pupil's own.</summary>
    public const string PeselDuplicate = "Record.PeselDuplicate";
    /// <summary>A record with this id already exists.</summary>
    public const string StudentAlreadyExists = "Record.StudentAlreadyExists";

    /// <summary>An instance symbol is 2–64 characters of lowercase letters, digits and hyphens.</summary>
    public const string InstanceSymbolInvalid = "Instance.SymbolInvalid";
    /// <summary>No instance with this symbol.</summary>
    public const string InstanceNotFound = "Instance.NotFound";
    /// <summary>An instance with this symbol already exists.</summary>
    public const string InstanceAlreadyExists = "Instance.AlreadyExists";
    /// <summary>The base address is not an absolute http or https URL.</summary>
    public const string InstanceBaseUrlInvalid = "Instance.BaseUrlInvalid";
    /// <summary>A unit code is 1–32 characters of letters, digits, hyphens and underscores.</summary>
    public const string UnitCodeInvalid = "Unit.CodeInvalid";
    /// <summary>No unit with this code in the instance.</summary>
    public const string UnitNotFound = "Unit.NotFound";
    /// <summary>A unit with this code already exists in the instance.</summary>
    public const string UnitAlreadyExists = "Unit.AlreadyExists";

    /// <summary>The acting person is not a staff member of this instance.</summary>
    public const string StaffNotFound = "Staff.NotFound";
    /// <summary>The staff member's roles do not allow this change (e.g. a class teacher creating a record).</summary>
    public const string StaffNotAllowed = "Staff.NotAllowed";
    /// <summary>The record belongs to a unit the staff member does not work in.</summary>
    public const string StaffOtherUnit = "Staff.OtherUnit";
    /// <summary>A class teacher may change only the records of their own class.</summary>
    public const string StaffOtherClass = "Staff.OtherClass";
    /// <summary>A class teacher may not move a pupil to another class: the secretary does.</summary>
    public const string StaffClassChangeNotAllowed = "Staff.ClassChangeNotAllowed";
    /// <summary>A secretary or class teacher role names a unit; a class teacher role also names a class.</summary>
    public const string StaffAssignmentInvalid = "Staff.AssignmentInvalid";

    /// <summary>The CSV file has no header row or lacks a required column.</summary>
    public const string ImportHeaderInvalid = "Import.HeaderInvalid";
    /// <summary>A CSV row has a different number of fields than the header, or an unterminated quote.</summary>
    public const string ImportRowMalformed = "Import.RowMalformed";
    /// <summary>A quote opened in row <c>row</c> is never closed, so the rest of the file cannot be read; nothing was imported.</summary>
    public const string ImportUnclosedQuote = "Import.UnclosedQuote";
    /// <summary>The file has more rows than one import accepts.</summary>
    public const string ImportTooManyRows = "Import.TooManyRows";
    /// <summary>The relation is not one of mother, father, legal guardian, other.</summary>
    public const string ImportRelationInvalid = "Import.RelationInvalid";

    /// <summary>No password was given.</summary>
    public const string PasswordRequired = "Password.Required";
    /// <summary>The password is shorter than the policy's minimum (argument <c>min</c>).</summary>
    public const string PasswordTooShort = "Password.TooShort";
    /// <summary>The password is longer than the policy's maximum (argument <c>max</c>).</summary>
    public const string PasswordTooLong = "Password.TooLong";
    /// <summary>The password holds control characters or invalid UTF-16.</summary>
    public const string PasswordInvalidCharacters = "Password.InvalidCharacters";
    /// <summary>The password is on the list of the most common passwords.</summary>
    public const string PasswordCommon = "Password.Common";
    /// <summary>The password is one character repeated, or a run such as 123456789 or qwertyuiop.</summary>
    public const string PasswordPredictable = "Password.Predictable";
    /// <summary>The password contains the name of the service (e.g. "uonet", "dzienniczek").</summary>
    public const string PasswordContainsServiceName = "Password.ContainsServiceName";
    /// <summary>The password contains the part of the user's e-mail before the @.</summary>
    public const string PasswordContainsEmail = "Password.ContainsEmail";
    /// <summary>The password contains the user's first or last name (or a child's).</summary>
    public const string PasswordContainsName = "Password.ContainsName";
    /// <summary>The password contains the user's PESEL (or a child's).</summary>
    public const string PasswordContainsPesel = "Password.ContainsPesel";
    /// <summary>A password change gave a wrong current password (it counts as a failed sign-in of the address).</summary>
    public const string PasswordCurrentInvalid = "Password.CurrentInvalid";

    /// <summary>The first-login / restore link is not one the system issued (mistyped, truncated or tampered).</summary>
    public const string LinkInvalid = "Link.Invalid";
    /// <summary>The link expired; ask for a new one.</summary>
    public const string LinkExpired = "Link.Expired";
    /// <summary>The link was already used.</summary>
    public const string LinkUsed = "Link.Used";
    /// <summary>A newer link was requested for the address; only the newest works.</summary>
    public const string LinkSuperseded = "Link.Superseded";
    /// <summary>Since the link was sent, the records changed and the address may no longer sign in.</summary>
    public const string LinkNotEligible = "Link.NotEligible";
    /// <summary>The human check (captcha) failed.</summary>
    public const string HumanCheckFailed = "HumanCheck.Failed";
    /// <summary>Too many requests from this client; argument <c>retryAfterSeconds</c>.</summary>
    public const string RateLimited = "RateLimit.Exceeded";
    /// <summary>No open account of the instance has this e-mail.</summary>
    public const string AccountNotFound = "Account.NotFound";
    /// <summary>The account changed at the same moment; repeat the operation.</summary>
    public const string AccountConflict = "Account.Conflict";

    /// <summary>Wrong e-mail or password (the same answer whether or not the address exists).</summary>
    public const string SignInFailed = "SignIn.Failed";
    /// <summary>Too many failed attempts for this address; argument <c>lockedUntil</c>.</summary>
    public const string SignInLockedOut = "SignIn.LockedOut";
    /// <summary>The password was right but a TOTP or recovery code is needed.</summary>
    public const string SignInRequiresSecondFactor = "SignIn.RequiresSecondFactor";
    /// <summary>The second-factor code is wrong or was already used.</summary>
    public const string SignInSecondFactorFailed = "SignIn.SecondFactorFailed";
    /// <summary>The second-factor ticket is unknown, expired, already used, replaced by a newer sign-in, of another instance or (when bound) of another client: sign in again.</summary>
    public const string SignInSecondFactorTicketInvalid = "SignIn.SecondFactorTicketInvalid";
    /// <summary>The password was right, but no pupil's record lists the address any more (R1, R2).</summary>
    public const string SignInNotEligible = "SignIn.NotEligible";

    /// <summary>The session ticket is from an earlier version of the system; sign in again (R10).</summary>
    public const string SessionStale = "Session.Stale";
    /// <summary>The session ended by time.</summary>
    public const string SessionExpired = "Session.Expired";
    /// <summary>The session was ended (sign out, sign out everywhere).</summary>
    public const string SessionSignedOut = "Session.SignedOut";
    /// <summary>The password or second factor changed since the session began.</summary>
    public const string SessionCredentialsChanged = "Session.CredentialsChanged";
    /// <summary>The account was closed.</summary>
    public const string SessionAccountClosed = "Session.AccountClosed";
    /// <summary>No pupil's record lists the address any more.</summary>
    public const string SessionNotEligible = "Session.NotEligible";
    /// <summary>No active session of the account has this id (unknown, ended, or another account's).</summary>
    public const string SessionNotFound = "Session.NotFound";
    /// <summary>Ending another session needs the password (or, with the second factor on, a TOTP or recovery code).</summary>
    public const string SessionReauthenticationRequired = "Session.ReauthenticationRequired";

    /// <summary>The passkey ceremony is unknown, expired, already used, or of another instance or step: start again.</summary>
    public const string PasskeyChallengeInvalid = "Passkey.ChallengeInvalid";
    /// <summary>The authenticator's answer does not verify (client data, authenticator data or signature altered or malformed).</summary>
    public const string PasskeyVerificationFailed = "Passkey.VerificationFailed";
    /// <summary>The answer came from a page of another origin than the instance's.</summary>
    public const string PasskeyOriginInvalid = "Passkey.OriginInvalid";
    /// <summary>The authenticator signed for another relying party (RP ID) than the instance's.</summary>
    public const string PasskeyRelyingPartyInvalid = "Passkey.RelyingPartyInvalid";
    /// <summary>The authenticator did not verify the person (PIN, fingerprint, face): user verification is required.</summary>
    public const string PasskeyUserVerificationRequired = "Passkey.UserVerificationRequired";
    /// <summary>The authenticator's signature counter went backwards: it may have been cloned, so the passkey is refused.</summary>
    public const string PasskeySignCountRegressed = "Passkey.SignCountRegressed";
    /// <summary>No passkey of this instance has the credential (never added, removed, or its account closed).</summary>
    public const string PasskeyUnknown = "Passkey.Unknown";
    /// <summary>This authenticator's passkey is already added to an account of this instance.</summary>
    public const string PasskeyAlreadyRegistered = "Passkey.AlreadyRegistered";
    /// <summary>The account has no passkey with this id.</summary>
    public const string PasskeyNotFound = "Passkey.NotFound";
    /// <summary>The last passkey of an account without a password cannot be removed: the account would have no way in.</summary>
    public const string PasskeyLastWithoutPassword = "Passkey.LastWithoutPassword";
    /// <summary>Adding a passkey needs the password (or, with the second factor on, a TOTP or recovery code) again.</summary>
    public const string PasskeyReauthenticationRequired = "Passkey.ReauthenticationRequired";

    /// <summary>TOTP is already enrolled.</summary>
    public const string TotpAlreadyEnrolled = "Totp.AlreadyEnrolled";
    /// <summary>No TOTP enrolment was started (or it is not enrolled, for disabling).</summary>
    public const string TotpNotEnrolled = "Totp.NotEnrolled";
    /// <summary>The TOTP code is wrong, expired or already used.</summary>
    public const string TotpCodeInvalid = "Totp.CodeInvalid";

    /// <summary>No pairing ticket with this token (mistyped, or from another system).</summary>
    public const string PairingTokenUnknown = "Pairing.TokenUnknown";
    /// <summary>The pairing ticket expired; create a new one on the Dostęp mobilny page.</summary>
    public const string PairingExpired = "Pairing.Expired";
    /// <summary>The pairing ticket was already used to register a device.</summary>
    public const string PairingAlreadyUsed = "Pairing.AlreadyUsed";
    /// <summary>The ticket was closed: a newer one was created, the PIN was wrong three times, or the account closed.</summary>
    public const string PairingClosed = "Pairing.Closed";
    /// <summary>The PIN is wrong; argument <c>remainingTries</c> (0: the ticket is now dead).</summary>
    public const string PairingWrongPin = "Pairing.WrongPin";
    /// <summary>The ticket belongs to another instance symbol than the one the app used.</summary>
    public const string PairingWrongSymbol = "Pairing.WrongSymbol";
    /// <summary>The device key is not an ECDSA P-256 or RSA ≥ 2048 SubjectPublicKeyInfo.</summary>
    public const string PairingKeyRefused = "Pairing.KeyRefused";
    /// <summary>The QR payload is not a Uonet.Access pairing payload (malformed, foreign, or an unknown version).</summary>
    public const string PairingPayloadInvalid = "Pairing.PayloadInvalid";
    /// <summary>The account sees no pupil (a staff-only account): the mobile app shows pupils' data, so there is nothing to pair for.</summary>
    public const string PairingNoPupils = "Pairing.NoPupils";

    /// <summary>No such device for this account.</summary>
    public const string DeviceNotFound = "Device.NotFound";
    /// <summary>The device was unregistered; argument <c>reason</c> (RevokedByUser, RevokedByStaff, EmailChanged, AccountClosed).</summary>
    public const string DeviceRevoked = "Device.Revoked";

    /// <summary>The request carries no signature (Signature and Signature-Input headers).</summary>
    public const string SignatureMissing = "Signature.Missing";
    /// <summary>The signature headers do not follow RFC 9421.</summary>
    public const string SignatureMalformed = "Signature.Malformed";
    /// <summary>A component the library requires is not covered (@method, @target-uri, content-digest with a body, created, keyid).</summary>
    public const string SignatureComponentMissing = "Signature.ComponentMissing";
    /// <summary>The body does not match its Content-Digest (RFC 9530).</summary>
    public const string SignatureDigestMismatch = "Signature.DigestMismatch";
    /// <summary>The signature's <c>created</c> time is outside the allowed clock window.</summary>
    public const string SignatureClockSkew = "Signature.ClockSkew";
    /// <summary>The signature does not verify with the device's key.</summary>
    public const string SignatureInvalid = "Signature.Invalid";
    /// <summary>The same signature was already accepted once.</summary>
    public const string SignatureReplayed = "Signature.Replayed";

    /// <summary>The e-mail change would leave nothing to change (no editable record lists the old address).</summary>
    public const string EmailChangeNothingToChange = "EmailChange.NothingToChange";
    /// <summary>The old and new addresses are the same login.</summary>
    public const string EmailChangeSameAddress = "EmailChange.SameAddress";

    /// <summary>A technical break is in force; argument <c>message</c>.</summary>
    public const string MaintenanceActive = "Maintenance.Active";
    /// <summary>No such maintenance window.</summary>
    public const string MaintenanceNotFound = "Maintenance.NotFound";
    /// <summary>A window's expected end is before its start.</summary>
    public const string MaintenanceInvalidWindow = "Maintenance.InvalidWindow";

    /// <summary>The cross-instance view is switched off on this platform.</summary>
    public const string CrossInstanceDisabled = "CrossInstance.Disabled";
    /// <summary>The address may not sign in at the other instance, or the sign-in there failed.</summary>
    public const string CrossInstanceNotEligible = "CrossInstance.NotEligible";
    /// <summary>An account cannot be linked to an account of its own instance.</summary>
    public const string CrossInstanceSameInstance = "CrossInstance.SameInstance";
}
