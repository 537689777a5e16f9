using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace RallyLive.Server.Auth;

/// <summary>
/// Keeps the keys that seal tokens as XML files in one folder, as Data Protection's own file repository does, but
/// readable by the server's user only: the folder is created 0700 and each key file 0600 (on Unix), since anyone who
/// reads a key can mint an organiser's token. A key is written to a temporary file and renamed, so a reader never sees
/// half a key.
/// </summary>
public sealed class OwnerOnlyKeyRepository : IXmlRepository
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly DirectoryInfo _directory;

    public OwnerOnlyKeyRepository(DirectoryInfo directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        _directory = directory;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        if (!_directory.Exists)
        {
            return [];
        }

        return [.. _directory.EnumerateFiles("*.xml").Select(file =>
        {
            using var stream = file.OpenRead();
            return XElement.Load(stream);
        })];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        CreateFolder();
        var name = IsSafeName(friendlyName) ? friendlyName : Guid.NewGuid().ToString();
        var finalPath = Path.Combine(_directory.FullName, name + ".xml");
        var tempPath = Path.Combine(_directory.FullName, Guid.NewGuid().ToString() + ".tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFile;
            }

            using (var stream = new FileStream(tempPath, options))
            {
                element.Save(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(tempPath, finalPath, overwrite: false);
        }
        finally
        {
            File.Delete(tempPath);
        }
    }

    private void CreateFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            _directory.Create();
            return;
        }

        Directory.CreateDirectory(_directory.FullName, OwnerOnlyFolder);

        // A folder made by an earlier version, or by hand, may be open to others: the keys in it are not to be.
        if ((File.GetUnixFileMode(_directory.FullName) & ~OwnerOnlyFolder) != 0)
        {
            File.SetUnixFileMode(_directory.FullName, OwnerOnlyFolder);
        }
    }

    private static bool IsSafeName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
