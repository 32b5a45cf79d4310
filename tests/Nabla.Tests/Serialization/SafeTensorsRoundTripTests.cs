using Nabla.Serialization;

namespace Nabla.Tests.Serialization;

/// <summary>Save then load gives back the same names, shapes and bit-identical values; the file follows the spec.</summary>
public sealed class SafeTensorsRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static uint[] Bits(Tensor t) => t.ToArray().Select(BitConverter.SingleToUInt32Bits).ToArray();

    private static Dictionary<string, Tensor> Sample()
    {
        var g = new Generator(7);
        return new Dictionary<string, Tensor>
        {
            ["layer.weight"] = Tensor.Normal([3, 4], generator: g),
            ["layer.bias"] = Tensor.Normal([4], generator: g),
            ["scalar"] = Tensor.Scalar(-1.25f),
            ["empty"] = Tensor.Zeros(0, 5),
            ["special"] = Tensor.FromArray([float.PositiveInfinity, float.NegativeInfinity, float.NaN, -0f, float.Epsilon]),
            ["transposed"] = Tensor.Arange(12).Reshape(3, 4).T,
            ["sliced"] = Tensor.Arange(20).Reshape(4, 5).Slice(1, 1, 5, 2),
        };
    }

    [Fact]
    public void RoundTripKeepsShapesAndBits()
    {
        var tensors = Sample();
        string path = _dir.File("model.safetensors");
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["epoch"] = "3" });
        var loaded = SafeTensors.Load(path);
        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), loaded.Tensors.Keys);
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.Shape.ToArray(), loaded.Tensors[name].Shape.ToArray());
            Assert.Equal(Bits(t), Bits(loaded.Tensors[name]));
            Assert.True(loaded.Tensors[name].IsContiguous);
        }
        Assert.Equal("pt", loaded.Metadata["format"]);
        Assert.Equal("3", loaded.Metadata["epoch"]);
    }

    [Fact]
    public void NonContiguousInputIsWrittenInRowMajorOrder()
    {
        string path = _dir.File("t.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["t"] = Tensor.Arange(6).Reshape(2, 3).T });
        var read = MinimalSafeTensorsReader.Read(File.ReadAllBytes(path));
        Assert.Equal([3, 2], read.Tensors["t"].Shape);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], read.Tensors["t"].Values);
    }

    [Fact]
    public void WrittenFileFollowsTheSpecification()
    {
        var tensors = Sample();
        string path = _dir.File("spec.safetensors");
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        byte[] file = File.ReadAllBytes(path);
        var read = MinimalSafeTensorsReader.Read(file);

        Assert.Equal(0UL, read.HeaderLength % 8);
        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\"},", read.HeaderText);
        Assert.InRange(read.HeaderText.Length - read.HeaderText.TrimEnd(' ').Length, 0, 7);
        Assert.EndsWith("}", read.HeaderText.TrimEnd(' '));
        Assert.Equal("pt", read.Metadata["format"]);

        // entries laid out in name order, tiling the data region exactly
        long covered = 0;
        foreach (string name in tensors.Keys.Order(StringComparer.Ordinal))
        {
            var e = read.Tensors[name];
            Assert.Equal("F32", e.Dtype);
            Assert.Equal(covered, e.Begin);
            Assert.Equal(tensors[name].Shape.ToArray(), e.Shape);
            Assert.Equal(Bits(tensors[name]), e.Values.Select(BitConverter.SingleToUInt32Bits).ToArray());
            covered = e.End;
        }
        Assert.Equal(file.Length - 8 - (long)read.HeaderLength, covered);
    }

    [Fact]
    public void EmptyDictionaryWritesAValidFile()
    {
        string path = _dir.File("none.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor>());
        Assert.Equal("{}      ", MinimalSafeTensorsReader.Read(File.ReadAllBytes(path)).HeaderText);
        var loaded = SafeTensors.Load(path);
        Assert.Empty(loaded.Tensors);
        Assert.Empty(loaded.Metadata);
    }

    [Fact]
    public void ReadHeaderDescribesTheTensorsWithoutLoadingThem()
    {
        string path = _dir.File("h.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["b"] = Tensor.Zeros(2, 3), ["a"] = Tensor.Scalar(1f) });
        var header = SafeTensors.ReadHeader(path);
        Assert.Equal(["a", "b"], header.Tensors.Select(t => t.Name));
        Assert.Equal((SafeTensorsDType.F32, 0L, 4L, 1), (header.Tensors[0].DType, header.Tensors[0].Begin, header.Tensors[0].End, header.Tensors[0].Numel));
        Assert.Empty(header.Tensors[0].Shape);
        Assert.Equal([2, 3], header.Tensors[1].Shape);
        Assert.Equal((4L, 28L), (header.Tensors[1].Begin, header.Tensors[1].End));
        Assert.Equal(6, header.Tensors[1].Numel);
        Assert.Equal(new FileInfo(path).Length, header.DataStart + 28);
    }

    [Fact]
    public void LoadedTensorsSurviveTheScopeTheyWereLoadedIn()
    {
        string path = _dir.File("scoped.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Arange(4) });
        Tensor w;
        using (TensorScope.Enter()) w = SafeTensors.Load(path).Tensors["w"];
        Assert.Equal([0f, 1f, 2f, 3f], w.ToArray());
    }

    [Fact]
    public void SaveRejectsReservedNameAndNullTensor()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Save(_dir.File("x.safetensors"), new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Zeros(1) }));
        Assert.Contains("'__metadata__' is reserved", ex.Message);
        ex = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Save(_dir.File("x.safetensors"), new Dictionary<string, Tensor> { ["w"] = null! }));
        Assert.Contains("tensor 'w' is null", ex.Message);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void SavingOverAnExistingFileReplacesIt()
    {
        string path = _dir.File("w.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(3) });
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["v"] = Tensor.Zeros(2) });
        var loaded = SafeTensors.Load(path);
        Assert.Equal(["v"], loaded.Tensors.Keys);
        Assert.Equal(["w.safetensors"], _dir.Entries());
    }
}
