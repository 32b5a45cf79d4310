using Nabla.Serialization;

namespace Nabla.Tests.Serialization;

/// <summary>
/// Corrupt, truncated and unsupported files fail in <see cref="SafeTensors.ReadHeader"/> (before any tensor is
/// allocated) with an <see cref="InvalidDataException"/> that names the file, the tensor and the problem.
/// </summary>
public sealed class SafeTensorsCorruptFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string OneTensor = """{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}""";

    /// <summary>Writes the file, then checks Load and ReadHeader both fail with all the fragments.</summary>
    private void Fails(string header, byte[] data, ulong? declaredLength = null, params string[] fragments)
    {
        string path = _dir.File("bad.safetensors");
        RawSafeTensors.Write(path, header, data, declaredLength);
        foreach (var action in new Action[] { () => SafeTensors.Load(path), () => SafeTensors.ReadHeader(path) })
        {
            var ex = Assert.Throws<InvalidDataException>(action);
            Assert.Contains($"safetensors file '{path}'", ex.Message);
            foreach (var f in fragments) Assert.Contains(f, ex.Message);
        }
    }

    private static byte[] Zeros(int n) => new byte[n];

    [Fact]
    public void ValidHandMadeFileLoads()
    {
        string path = _dir.File("ok.safetensors");
        RawSafeTensors.Write(path, OneTensor, RawSafeTensors.Floats(1, 2, 3, 4, 5, 6));
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], SafeTensors.Load(path).Tensors["w"].ToArray());
    }

    [Fact]
    public void FileShorterThanTheLengthField()
    {
        string path = _dir.File("tiny.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains("the file is 3 bytes long, shorter than the 8-byte header length field", ex.Message);
    }

    [Fact]
    public void HeaderLengthLargerThanTheFile() =>
        Fails(OneTensor, Zeros(24), declaredLength: 1000,
            fragments: $"the header length field says 1000 bytes but only {OneTensor.Length + 24} bytes follow it");

    [Fact]
    public void AbsurdHeaderLength() =>
        Fails(OneTensor, Zeros(24), declaredLength: ulong.MaxValue, fragments: "more than the 104857600-byte limit");

    [Fact]
    public void BadJson() =>
        Fails("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}""", Zeros(24), fragments: "the header is not valid JSON");

    [Fact]
    public void HeaderThatIsNotAnObject() =>
        Fails("[1, 2, 3]", Zeros(0), fragments: "the header does not start with '{'");

    [Fact]
    public void TruncatedData()
    {
        string path = _dir.File("full.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones(4), ["b"] = Tensor.Ones(2, 2) });
        byte[] full = File.ReadAllBytes(path);
        string truncated = _dir.File("truncated.safetensors");
        File.WriteAllBytes(truncated, full[..^5]);
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(truncated));
        Assert.Contains($"safetensors file '{truncated}': tensor 'b': data_offsets [16, 32] extend beyond the data region of 27 bytes", ex.Message);

        File.WriteAllBytes(truncated, full[..20]);
        ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(truncated));
        Assert.Contains("bytes but only 12 bytes follow it (truncated or corrupt file)", ex.Message);
    }

    [Fact]
    public void OffsetsOutOfRange() =>
        Fails("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[8,32]}}""", Zeros(24),
            fragments: "tensor 'w': data_offsets [8, 32] extend beyond the data region of 24 bytes");

    [Fact]
    public void BeginAfterEnd() =>
        Fails("""{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}""", Zeros(8),
            fragments: "tensor 'w': data_offsets [8, 4] has begin after end");

    [Fact]
    public void NegativeOrNonIntegerOffsets()
    {
        Fails("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}""", Zeros(4),
            fragments: "tensor 'w': data_offsets begin must be a non-negative integer, found -4");
        Fails("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4.5]}}""", Zeros(4),
            fragments: "tensor 'w': data_offsets end must be a non-negative integer, found 4.5");
        Fails("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}}""", Zeros(4),
            fragments: "tensor 'w': data_offsets must be [begin, end], found 1 values");
    }

    [Fact]
    public void OverlappingOffsets() =>
        Fails("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""",
            Zeros(12), fragments: "tensor 'b': data_offsets [4, 12] overlap tensor 'a' at [0, 8]");

    [Fact]
    public void GapBetweenTensors() =>
        Fails("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""",
            Zeros(16), fragments: "tensor 'b': data_offsets [12, 16] leave bytes [8, 12) of the data region covered by no tensor");

    [Fact]
    public void TrailingBytesCoveredByNoTensor() =>
        Fails(OneTensor, Zeros(28), fragments: "the tensors cover 24 bytes but the data region holds 28; bytes [24, 28) belong to no tensor");

    [Fact]
    public void UnknownAndUnsupportedDtypes()
    {
        Fails("""{"w":{"dtype":"F24","shape":[1],"data_offsets":[0,3]}}""", Zeros(3),
            fragments: "tensor 'w': dtype 'F24' is not a safetensors dtype (Nabla reads F32, F16, BF16, F64, I64, I32)");
        Fails("""{"w":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}""", Zeros(4),
            fragments: "tensor 'w': dtype 'U8' is not supported by Nabla (Nabla reads F32, F16, BF16, F64, I64, I32)");
        Fails("""{"w":{"dtype":7,"shape":[4],"data_offsets":[0,4]}}""", Zeros(4),
            fragments: "tensor 'w': 'dtype' must be a JSON String, found Number");
    }

    [Fact]
    public void ShapeAndSizeMismatch()
    {
        Fails("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}}""", Zeros(20),
            fragments: "tensor 'w': shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 20] hold 20");
        Fails("""{"w":{"dtype":"F16","shape":[2,3],"data_offsets":[0,24]}}""", Zeros(24),
            fragments: "tensor 'w': shape [2, 3] of F16 needs 12 bytes but data_offsets [0, 24] hold 24");
    }

    [Fact]
    public void InvalidShapes()
    {
        Fails("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}""", Zeros(0),
            fragments: "tensor 'w': shape entry 0 must be a non-negative integer, found -1");
        Fails("""{"w":{"dtype":"F32","shape":[2,"3"],"data_offsets":[0,24]}}""", Zeros(24),
            fragments: "tensor 'w': shape entry 1 must be a non-negative integer, found \"3\"");
        Fails("""{"w":{"dtype":"F32","shape":[65536,65536],"data_offsets":[0,4]}}""", Zeros(4),
            fragments: "tensor 'w': shape [65536,65536] has more than 2147483647 elements");
    }

    [Fact]
    public void MissingFieldsAndWrongEntryKinds()
    {
        Fails("""{"w":{"dtype":"F32","shape":[1]}}""", Zeros(4), fragments: "tensor 'w': the entry has no 'data_offsets'");
        Fails("""{"w":[1,2]}""", Zeros(0), fragments: "tensor 'w': the entry must be an object with dtype, shape and data_offsets, found Array");
    }

    [Fact]
    public void DuplicateNames() =>
        Fails("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""",
            Zeros(8), fragments: "the header names 'w' twice");

    [Fact]
    public void MetadataMustMapStringsToStrings()
    {
        Fails("""{"__metadata__":{"epoch":3},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", Zeros(4),
            fragments: "'__metadata__' entry 'epoch' must be a string, found Number");
        Fails("""{"__metadata__":"pt"}""", Zeros(0), fragments: "'__metadata__' must be an object of strings, found String");
    }

    [Fact]
    public void IntegersBeyondFloat32PrecisionAreRejected()
    {
        string path = _dir.File("i64.safetensors");
        RawSafeTensors.Write(path, """{"steps":{"dtype":"I64","shape":[3],"data_offsets":[0,24]}}""",
            RawSafeTensors.Longs(5, (1L << 24) + 2, (1L << 24) + 1));
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains($"safetensors file '{path}': tensor 'steps': I64 value 16777217 at flat index 2 is not exactly representable as float32", ex.Message);

        RawSafeTensors.Write(path, """{"big":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}""",
            RawSafeTensors.Longs(long.MaxValue, long.MinValue));
        ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));
        Assert.Contains($"I64 value {long.MaxValue} at flat index 0", ex.Message);

        RawSafeTensors.Write(path, """{"ok":{"dtype":"I64","shape":[3],"data_offsets":[0,24]}}""",
            RawSafeTensors.Longs(long.MinValue, 1L << 40, -(1L << 24)));
        Assert.Equal([-9.223372E18f, 1.0995116E12f, -16777216f], SafeTensors.Load(path).Tensors["ok"].ToArray());
    }

    [Fact]
    public void MissingFile()
    {
        string path = _dir.File("absent.safetensors");
        var ex = Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(path));
        Assert.Contains($"safetensors file '{path}' does not exist", ex.Message);
    }
}
