using Nabla.Nn;

namespace Nabla.Tests.Onnx;

/// <summary>
/// The example models exported and run in ONNX Runtime give Nabla's eval-mode outputs (tolerance: see
/// <see cref="OnnxRuntimeCheck"/>) for several batch sizes, written to and read from a file.
/// </summary>
public sealed class OnnxModelTests
{
    [Fact]
    public void Mlp_matches_onnx_runtime() => OnnxRuntimeCheck.AssertMatches(OnnxTestModels.Mlp(), [1, 20], batches: [1, 4, 7]);

    [Fact]
    public void Reference_cnn_with_batch_norm_pooling_and_dropout_matches_onnx_runtime()
    {
        var cnn = OnnxTestModels.Cnn();
        OnnxRuntimeCheck.AssertMatches(cnn, [1, 1, 28, 28], batches: [2, 3]);
        Assert.True(cnn.Training, "export and the check leave the model in the mode it was in");
    }

    [Fact]
    public void ResNet_style_model_matches_onnx_runtime() => OnnxRuntimeCheck.AssertMatches(OnnxTestModels.ResNet(), [1, 3, 12, 12], batches: [1, 3]);

    [Fact]
    public void ExportOnnx_writes_a_file_that_onnx_runtime_loads()
    {
        var model = OnnxTestModels.Mlp();
        string path = Path.Combine(Path.GetTempPath(), $"nabla-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            model.ExportOnnx(path, [1, 20]);
            Assert.Equal(model.ToOnnx([1, 20]), File.ReadAllBytes(path));
            var input = Tensor.Normal([6, 20], generator: new Generator(5));
            var (values, shape) = OnnxRuntimeCheck.Run(File.ReadAllBytes(path), input);
            Assert.Equal([6, 10], shape);
            Assert.Equal(60, values.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Export_restores_mixed_training_modes_and_names()
    {
        var model = OnnxTestModels.Cnn();
        model[1].Eval();
        model.ToOnnx([1, 1, 28, 28]);
        Assert.True(model.Training);
        Assert.False(model[1].Training);
        Assert.True(model[5].Training);
        Assert.Equal("5", model[5].Name);
    }
}
