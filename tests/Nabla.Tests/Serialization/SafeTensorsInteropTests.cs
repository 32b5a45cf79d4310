using Nabla.Serialization;

namespace Nabla.Tests.Serialization;

/// <summary>
/// Files written from PyTorch tensors by fixtures/generate_safetensors.py load with the exact expected float32 bits,
/// the PyTorch MLP's weights predict what PyTorch predicted, and Nabla's own files are byte-identical to the
/// committed nabla_mlp.safetensors that the generator script checks with an independent reader and torch's
/// load_state_dict.
/// </summary>
public sealed class SafeTensorsInteropTests : IDisposable
{
    /// <summary>Set to 1 to (re)write fixtures/safetensors/nabla_mlp.safetensors from the current writer.</summary>
    private const string UpdateGoldenVariable = "NABLA_UPDATE_SAFETENSORS_GOLDEN";

    private static readonly Dictionary<string, string> GoldenMetadata = new() { ["format"] = "pt", ["writer"] = "Nabla" };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void AssertMatches(ExpectedTensor expected, Tensor actual, string name)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape.ToArray()), $"{name}: shape");
        var values = actual.ToArray();
        var want = expected.Values();
        for (int i = 0; i < want.Length; i++)
        {
            if (float.IsNaN(want[i])) Assert.True(float.IsNaN(values[i]), $"{name}[{i}] should be NaN");
            else Assert.True(BitConverter.SingleToUInt32Bits(want[i]) == BitConverter.SingleToUInt32Bits(values[i]),
                $"{name}[{i}]: expected {want[i]:R}, got {values[i]:R}");
        }
    }

    [Theory]
    [InlineData("dtypes.safetensors")]
    [InlineData("mlp.safetensors")]
    public void PyTorchFilesLoadBitExactly(string file)
    {
        var expected = SafeTensorsFixture.Expected.Files[file];
        var loaded = SafeTensors.Load(SafeTensorsFixture.PathOf(file));
        Assert.Equal(expected.Tensors.Keys.Order(StringComparer.Ordinal), loaded.Tensors.Keys);
        foreach (var (name, t) in expected.Tensors) AssertMatches(t, loaded.Tensors[name], $"{file}:{name}");
        Assert.Equal(expected.Metadata, loaded.Metadata);
    }

    [Fact]
    public void HeaderReportsEveryDtype()
    {
        var header = SafeTensors.ReadHeader(SafeTensorsFixture.PathOf("dtypes.safetensors"));
        var dtypes = header.Tensors.ToDictionary(t => t.Name, t => t.DType);
        Assert.Equal(SafeTensorsDType.BF16, dtypes["bf16"]);
        Assert.Equal(SafeTensorsDType.F16, dtypes["f16"]);
        Assert.Equal(SafeTensorsDType.F64, dtypes["f64"]);
        Assert.Equal(SafeTensorsDType.I64, dtypes["i64"]);
        Assert.Equal(SafeTensorsDType.I32, dtypes["i32"]);
        Assert.Equal(SafeTensorsDType.F32, dtypes["scalar"]);
        Assert.Empty(header.Tensors.Single(t => t.Name == "scalar").Shape);
    }

    /// <summary>
    /// The PyTorch state_dict of Sequential(Linear(4, 8), ReLU(), Linear(8, 3)) drives the same forward pass in
    /// Nabla. Tolerance 1e-6 absolute + 1e-5 relative: float32 dot products of length 4 and 8 summed in a different
    /// order than PyTorch's GEMM (a few ulps of values of order 1).
    /// </summary>
    [Fact]
    public void PyTorchMlpWeightsPredictTheSame()
    {
        var fixture = SafeTensorsFixture.Expected.Mlp;
        var w = SafeTensors.Load(SafeTensorsFixture.PathOf("mlp.safetensors")).Tensors;
        var x = Tensor.FromArray(fixture.Input.Values(), fixture.Input.Shape);
        var y = Tensor.Linear(Tensor.Linear(x, w["0.weight"], w["0.bias"]).Relu(), w["2.weight"], w["2.bias"]);
        Assert.Equal(fixture.Output.Shape, y.Shape.ToArray());
        var got = y.ToArray();
        var want = fixture.Output.Values();
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(got[i] - want[i]) <= 1e-6 + 1e-5 * Math.Abs(want[i]), $"output[{i}]: {got[i]:R} vs {want[i]:R}");
    }

    [Fact]
    public void ResavingPyTorchsFileReproducesItByteForByte()
    {
        string source = SafeTensorsFixture.PathOf("mlp.safetensors");
        var loaded = SafeTensors.Load(source);
        string path = _dir.File("mlp.safetensors");
        SafeTensors.Save(path, loaded.Tensors, loaded.Metadata);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(path));
    }

    [Fact]
    public void NablaWrittenFileMatchesTheGoldenCheckedByPyTorch()
    {
        var loaded = SafeTensors.Load(SafeTensorsFixture.PathOf("mlp.safetensors"));
        string golden = SafeTensorsFixture.PathOf("nabla_mlp.safetensors");
        if (Environment.GetEnvironmentVariable(UpdateGoldenVariable) == "1")
            SafeTensors.Save(golden, loaded.Tensors, GoldenMetadata);
        Assert.True(File.Exists(golden), $"{golden} is missing; run this test once with {UpdateGoldenVariable}=1, then generate_safetensors.py");
        string path = _dir.File("nabla_mlp.safetensors");
        SafeTensors.Save(path, loaded.Tensors, GoldenMetadata);
        Assert.Equal(File.ReadAllBytes(golden), File.ReadAllBytes(path));
    }
}
