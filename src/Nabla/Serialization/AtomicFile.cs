namespace Nabla.Serialization;

/// <summary>
/// Writes files so that readers see either the old complete file or the new complete file, never a partial one:
/// the content goes to a temporary file in the target's directory, is flushed to disk, and is then renamed over the
/// target. If writing fails the temporary file is deleted and the previous file is left untouched.
/// </summary>
/// <remarks>
/// The rename is atomic on the same volume (which is why the temporary file lives next to the target). The
/// directory entry itself is not fsync'ed: after a power loss the target is either the old or the new file.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes a file atomically; <paramref name="writer"/> receives the stream of the temporary file.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="writer">Writes the whole content; an exception from it aborts the write and is rethrown.</param>
    public static void Write(string path, Action<Stream> writer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writer);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)
                           ?? throw new ArgumentException($"AtomicFile: '{path}' has no parent directory", nameof(path));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"AtomicFile: directory '{directory}' for '{path}' does not exist; create it first");
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                writer(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream =>
        {
            using var w = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write(text);
        });
    }

    /// <summary>Writes <paramref name="bytes"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temporary file may be held open by the failing writer on some platforms; nothing more to do.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above: the write already failed and its exception is what the caller needs to see.
        }
    }
}
