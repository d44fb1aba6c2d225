using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Uonet.Access.Mail;

/// <summary>The AES keys of <see cref="MailProtectionOptions"/>, checked, by id, with the current one named.</summary>
internal sealed class MailKeyRing
{
    public const int KeyBytes = 32;
    public const int MaxKeyIdLength = 32;

    public const string MissingKeyMessage =
        "Uonet.Access has no key to protect outbox mail at rest (its first-login links open accounts, so the store keeps " +
        "them encrypted). Set options.Mail.Protection.Keys[\"2026-09\"] = a base64 string of 32 random bytes " +
        "(openssl rand -base64 32; from configuration UonetAccess:Mail:Protection:Keys:2026-09), or " +
        "options.Mail.Protection.KeyFile to a file of 'id:base64' lines (the last is current), or use ASP.NET Core " +
        "Data Protection with .UseDataProtectionMailProtector() (package Uonet.Access.AspNetCore). In the Development " +
        "environment a key is made for you (beside the database file with UseSqlite).";

    private readonly Dictionary<string, byte[]> _keys;

    private MailKeyRing(Dictionary<string, byte[]> keys, string currentId)
    {
        _keys = keys;
        CurrentId = currentId;
    }

    public string CurrentId { get; }

    public byte[] Current => _keys[CurrentId];

    public bool TryGet(string id, out byte[] key) => _keys.TryGetValue(id, out key!);

    /// <summary>Every problem of the configuration, without creating anything (for start-up validation).</summary>
    public static IReadOnlyList<string> Validate(MailProtectionOptions options, bool development)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Keys.Count > 0)
        {
            Parse(options.Keys, options.CurrentKeyId, "options.Mail.Protection.Keys", problems);
        }
        else if (!string.IsNullOrWhiteSpace(options.KeyFile))
        {
            if (File.Exists(options.KeyFile))
            {
                ParseFile(options.KeyFile, options.CurrentKeyId, problems);
            }
            else if (!development)
            {
                problems.Add($"UonetAccessOptions.Mail.Protection.KeyFile '{options.KeyFile}' does not exist (it is created only in the Development environment). " + MissingKeyMessage);
            }
        }
        else if (!development)
        {
            problems.Add(MissingKeyMessage);
        }

        return problems;
    }

    /// <summary>
    /// Loads the keys; in Development creates a missing key file, or with no file makes a key for this process alone.
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration is missing or malformed.</exception>
    public static MailKeyRing Load(MailProtectionOptions options, bool development)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        MailKeyRing? ring;
        if (options.Keys.Count > 0)
        {
            ring = Parse(options.Keys, options.CurrentKeyId, "options.Mail.Protection.Keys", problems);
        }
        else if (!string.IsNullOrWhiteSpace(options.KeyFile))
        {
            if (!File.Exists(options.KeyFile) && development)
            {
                CreateKeyFile(options.KeyFile);
            }

            ring = File.Exists(options.KeyFile) ? ParseFile(options.KeyFile, options.CurrentKeyId, problems) : null;
            if (ring is null && problems.Count == 0)
            {
                problems.Add($"UonetAccessOptions.Mail.Protection.KeyFile '{options.KeyFile}' does not exist. " + MissingKeyMessage);
            }
        }
        else if (development)
        {
            // A key of this process alone: mail queued by another process (or before a restart) fails loudly at delivery.
            var id = "process-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
            ring = new MailKeyRing(new Dictionary<string, byte[]>(StringComparer.Ordinal) { [id] = RandomNumberGenerator.GetBytes(KeyBytes) }, id);
        }
        else
        {
            ring = null;
            problems.Add(MissingKeyMessage);
        }

        return ring is not null && problems.Count == 0 ? ring : throw new InvalidOperationException(string.Join(" ", problems));
    }

    public static bool IsValidKeyId(string id) =>
        id.Length is > 0 and <= MaxKeyIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static MailKeyRing? ParseFile(string path, string? currentKeyId, List<string> problems)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        var lineNumber = 0;
        foreach (var raw in File.ReadAllLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                problems.Add($"Mail key file '{path}', line {lineNumber.ToString(CultureInfo.InvariantCulture)}: expected 'id:base64 of 32 bytes'.");
                continue;
            }

            var id = line[..colon];
            if (!keys.TryAdd(id, line[(colon + 1)..]))
            {
                problems.Add($"Mail key file '{path}': key id '{id}' appears twice.");
            }

            last = id;
        }

        if (last is null)
        {
            problems.Add($"Mail key file '{path}' holds no key. " + MissingKeyMessage);
            return null;
        }

        return Parse(keys, currentKeyId ?? last, $"mail key file '{path}'", problems);
    }

    private static MailKeyRing? Parse(IEnumerable<KeyValuePair<string, string>> source, string? currentKeyId, string where, List<string> problems)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var before = problems.Count;
        var configured = source.ToList();
        foreach (var (id, text) in configured)
        {
            if (!IsValidKeyId(id))
            {
                problems.Add($"In {where}, the key id '{Printable(id)}' is not 1–{MaxKeyIdLength} letters, digits, '-' or '_'.");
                continue;
            }

            var key = new byte[KeyBytes + 1];
            if (text is null || !Convert.TryFromBase64String(text.Trim(), key, out var length) || length != KeyBytes)
            {
                problems.Add($"In {where}, key '{id}' is not a base64 string of {KeyBytes} bytes (make one with: openssl rand -base64 32).");
                continue;
            }

            keys[id] = key[..KeyBytes];
        }

        var current = currentKeyId ?? (configured.Count == 1 ? configured[0].Key : null);
        if (current is null)
        {
            problems.Add($"In {where}, several keys are configured: name the one for new mail in options.Mail.Protection.CurrentKeyId.");
        }
        else if (!keys.ContainsKey(current) && problems.Count == before)
        {
            problems.Add($"options.Mail.Protection.CurrentKeyId '{Printable(current)}' is not one of the keys in {where}.");
        }

        return problems.Count == before && current is not null ? new MailKeyRing(keys, current) : null;
    }

    private static void CreateKeyFile(string path)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        var line = "dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ":" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)) + "\n";
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, fileOptions))
        {
            stream.Write(Encoding.ASCII.GetBytes("# Uonet.Access development mail keys (id:base64); the last line is current. Never use in production.\n" + line));
        }

        try
        {
            // Written aside and moved in whole, so that a second process starting at the same moment reads either
            // no file or a complete one, and keeps the first key made.
            File.Move(temporary, full, overwrite: false);
        }
        catch (IOException) when (File.Exists(full))
        {
            File.Delete(temporary);
        }
    }

    private static string Printable(string value) => new([.. value.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
}
