using System.Text;
using Uonet.Access.Client;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Devices;

/// <summary>
/// A phone's identity in one file: its private key (ECDSA P-256, or RSA) as PKCS#8 PEM, and, once registered, the device id
/// on a line before the PEM block (explanatory text that PEM readers skip, RFC 7468 §2). The file is created with mode
/// 0600 and replaced atomically, so the key is never readable by others, not even for a moment.
/// </summary>
internal sealed class DeviceKeyFile : IDisposable
{
    private const string DeviceIdLabel = "Uonet-Access-Device-Id: ";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private DeviceKeyFile(string path, DeviceKey key, Guid? deviceId)
    {
        Path = path;
        Key = key;
        DeviceId = deviceId;
    }

    public string Path { get; }

    public DeviceKey Key { get; }

    /// <summary>The id the portal gave this key at registration; <see langword="null"/> before it.</summary>
    public Guid? DeviceId { get; private set; }

    /// <summary>Opens the key file, or creates a new key in it when the file does not exist.</summary>
    public static DeviceKeyFile OpenOrCreate(string path, CommandOutput output)
    {
        if (File.Exists(path))
        {
            return Open(path, output);
        }

        var key = DeviceKey.Create();
        Write(path, Render(key, null), replace: false);
        output.Progress.WriteLine(output.Say($"{path}: nowy klucz ECDSA P-256 (prawa 0600)", $"{path}: new ECDSA P-256 key (mode 0600)", $"{path}: новий ключ ECDSA P-256 (права 0600)"));
        return new DeviceKeyFile(path, key, null);
    }

    public static DeviceKeyFile Open(string path, CommandOutput output)
    {
        var text = File.ReadAllText(path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAccess) != 0)
        {
            output.Progress.WriteLine(output.Say(
                $"{path}: inni użytkownicy mogą odczytać ten klucz prywatny; ustaw mu prawa poleceniem chmod 600.",
                $"{path}: other users may read this private key; chmod 600 it.",
                $"{path}: інші користувачі можуть прочитати цей закритий ключ; встановіть йому права командою chmod 600."));
        }

        DeviceKey key;
        try
        {
            key = DeviceKey.ImportPem(text);
        }
        catch (ArgumentException)
        {
            throw new ToolFailure(ToolMessages.KeyFileInvalid, "path", path);
        }

        var idLine = text.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith(DeviceIdLabel, StringComparison.Ordinal));
        Guid? deviceId = idLine is not null && Guid.TryParse(idLine[DeviceIdLabel.Length..], out var id) ? id : null;
        return new DeviceKeyFile(path, key, deviceId);
    }

    public void SaveDeviceId(Guid deviceId)
    {
        Write(Path, Render(Key, deviceId), replace: true);
        DeviceId = deviceId;
    }

    public void Dispose() => Key.Dispose();

    private static string Render(DeviceKey key, Guid? deviceId)
    {
        var text = new StringBuilder();
        if (deviceId is { } id)
        {
            text.Append(DeviceIdLabel).Append(id.ToString("D")).Append('\n');
        }

        return text.Append(key.ExportPkcs8Pem()).Append('\n').ToString();
    }

    private static void Write(string path, string content, bool replace)
    {
        // A new file is created exclusively with owner-only mode; a replacement goes through such a file and a rename.
        var target = replace ? path + "." + Guid.NewGuid().ToString("N") + ".tmp" : path;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(target, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(content));
        }

        if (replace)
        {
            File.Move(target, path, overwrite: true);
        }
    }
}
