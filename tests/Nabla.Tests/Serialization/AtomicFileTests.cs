using Nabla.Serialization;

namespace Nabla.Tests.Serialization;

/// <summary>A failed write leaves the previous file byte-identical and no temporary file behind.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WritesAndReplaces()
    {
        string path = _dir.File("a.txt");
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second ✓");
        Assert.Equal("second ✓", File.ReadAllText(path));
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["a.txt"], _dir.Entries());
    }

    [Fact]
    public void ExceptionMidWriteLeavesTheOldFileUntouched()
    {
        string path = _dir.File("checkpoint.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Arange(10) });
        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[4096]);
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal("disk full (simulated)", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["checkpoint.safetensors"], _dir.Entries());
    }

    [Fact]
    public void FailedSaveOfAStaleTensorLeavesNothingHalfWritten()
    {
        string path = _dir.File("model.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(3) });
        byte[] before = File.ReadAllBytes(path);
        Tensor stale;
        using (TensorScope.Enter()) stale = Tensor.Ones(3);
        Assert.Throws<InvalidOperationException>(() =>
            SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Zeros(2), ["w"] = stale }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], _dir.Entries());
    }

    [Fact]
    public void NewFileIsNotCreatedWhenTheFirstWriteFails()
    {
        string path = _dir.File("new.json");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("boom")));
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void MissingDirectoryIsReported()
    {
        string path = Path.Combine(_dir.Path, "no-such-dir", "x.bin");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllBytes(path, [1]));
        Assert.Contains("does not exist; create it first", ex.Message);
    }
}
