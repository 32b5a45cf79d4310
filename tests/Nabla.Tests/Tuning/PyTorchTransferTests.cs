using System.Text.Json.Nodes;
using Nabla.Nn;
using Nabla.Tuning.Transfer;

namespace Nabla.Tests.Tuning;

/// <summary>
/// Transfer from a PyTorch-written checkpoint (fixtures/tuning.json from fixtures/generate_tuning.py): DataParallel
/// names ("module.0.weight"), F16/BF16/F32/I64 tensors. Tolerance: the weights are exactly representable (F16/BF16
/// widen exactly), so the only difference is float32 summation order in the convolution, linear and batch norm:
/// 1e-5 absolute on outputs of magnitude ~1.
/// </summary>
public sealed class PyTorchTransferTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-torch-transfer-").FullName;
    private readonly JsonNode _fixture = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "tuning.json")))!;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CheckpointPath()
    {
        string path = Path.Combine(_dir, "torch.safetensors");
        File.WriteAllBytes(path, Convert.FromBase64String(_fixture["file_base64"]!.GetValue<string>()));
        return path;
    }

    private float[] Floats(string key) => [.. _fixture[key]!.AsArray().Select(v => (float)v!.GetValue<double>())];

    private Tensor Input() => Tensor.FromArray(Floats("input"), [.. _fixture["input_shape"]!.AsArray().Select(v => v!.GetValue<int>())]);

    private static Sequential Cnn(int classes) =>
        new(new Conv2d(1, 4, 3, padding: 1, generator: new Generator(5)), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Flatten(),
            new Linear(16, classes, generator: new Generator(6)));

    [Fact]
    public void LoadsEveryTensorOfAPyTorchCheckpointAndPredictsLikePyTorch()
    {
        var model = Cnn(3);
        var report = PretrainedWeights.Load(model, CheckpointPath(), PretrainedWeights.StripPrefix("module."));
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unexpected);
        Assert.Empty(report.ShapeMismatched);
        Assert.Equal(_fixture["keys"]!.AsArray().Count, report.Loaded.Count);
        model.Eval();
        var output = model.Forward(Input()).ToArray();
        var expected = Floats("output");
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], output[i], 1e-5f);
    }

    [Fact]
    public void NewHeadIsReportedAndTheBackboneMatchesPyTorch()
    {
        var model = Cnn(5);
        var report = PretrainedWeights.Load(model, CheckpointPath(), PretrainedWeights.StripPrefix("module."));
        Assert.Equal(["5.weight: file [3, 16], model [5, 16]", "5.bias: file [3], model [5]"], report.ShapeMismatched.Order().Reverse());
        Assert.Equal(["5.weight", "5.bias"], report.Missing);
        model.Eval();
        var backbone = new Sequential(model.Layers.Take(5));
        var features = backbone.Forward(Input()).ToArray();
        var expected = Floats("features");
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], features[i], 1e-5f);

        // Without the rename nothing matches, and the report says so instead of throwing.
        var untouched = PretrainedWeights.Load(Cnn(3), CheckpointPath());
        Assert.Empty(untouched.Loaded);
        Assert.Equal(_fixture["keys"]!.AsArray().Count, untouched.Unexpected.Count);
    }
}
