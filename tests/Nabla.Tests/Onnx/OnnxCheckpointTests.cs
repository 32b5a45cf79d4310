using Nabla.Serialization;

namespace Nabla.Tests.Onnx;

/// <summary>
/// The path a command-line export takes: a model saved to a checkpoint, rebuilt with <see cref="Checkpoint.LoadModel"/>
/// and exported, runs in ONNX Runtime with the original model's outputs (tolerance: see <see cref="OnnxRuntimeCheck"/>).
/// </summary>
public sealed class OnnxCheckpointTests
{
    [Fact]
    public void Model_loaded_from_a_checkpoint_exports_with_its_weights()
    {
        var original = OnnxTestModels.Cnn();
        string checkpoint = Path.Combine(Path.GetTempPath(), $"nabla-onnx-{Guid.NewGuid():N}.safetensors");
        string onnx = Path.ChangeExtension(checkpoint, ".onnx");
        try
        {
            Checkpoint.SaveWeights(checkpoint, original);
            Checkpoint.LoadModel(checkpoint).ExportOnnx(onnx, [1, 1, 28, 28]);
            var input = Tensor.Normal([3, 1, 28, 28], generator: new Generator(9));
            original.Eval();
            float[] expected;
            using (Nabla.Autograd.NoGrad())
                expected = original.Forward(input).ToArray();
            var (actual, shape) = OnnxRuntimeCheck.Run(File.ReadAllBytes(onnx), input);
            Assert.Equal([3, 10], shape);
            float scale = 1f;
            foreach (float v in expected) scale = MathF.Max(scale, MathF.Abs(v));
            for (int i = 0; i < expected.Length; i++)
                Assert.True(MathF.Abs(actual[i] - expected[i]) <= OnnxRuntimeCheck.Tolerance * (MathF.Abs(expected[i]) + scale),
                    $"element {i}: {actual[i]} in ONNX Runtime, {expected[i]} in Nabla");
        }
        finally
        {
            File.Delete(checkpoint);
            File.Delete(onnx);
        }
    }
}
