using Nabla.Serialization;

namespace Nabla.Tests.Onnx;

/// <summary>
/// The path a command-line export takes: a model saved to a checkpoint, rebuilt with <see cref="Checkpoint.LoadModel"/>
/// and exported, runs in ONNX Runtime with the original model's outputs (tolerance: see <see cref="OnnxRuntimeCheck"/>).
/// </summary>
public sealed class OnnxCheckpointTests
{
    public static TheoryData<string> Models() => ["cnn", "lstm classifier"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Model_loaded_from_a_checkpoint_exports_with_its_weights(string name)
    {
        var original = name == "cnn" ? OnnxTestModels.Cnn() : OnnxTestModels.LstmClassifier();
        int[] shape = name == "cnn" ? [1, 1, 28, 28] : [1, 12];
        string checkpoint = Path.Combine(Path.GetTempPath(), $"nabla-onnx-{Guid.NewGuid():N}.safetensors");
        string onnx = Path.ChangeExtension(checkpoint, ".onnx");
        try
        {
            Checkpoint.SaveWeights(checkpoint, original);
            Checkpoint.LoadModel(checkpoint).ExportOnnx(onnx, shape);
            int[] batchShape = [3, .. shape[1..]];
            var input = name == "cnn" ? Tensor.Normal(batchShape, generator: new Generator(9)) : OnnxTestModels.Indices(batchShape, 30, new Generator(9));
            original.Eval();
            float[] expected;
            using (Nabla.Autograd.NoGrad())
                expected = original.Forward(input).ToArray();
            var (actual, outputShape) = OnnxRuntimeCheck.Run(File.ReadAllBytes(onnx), input);
            Assert.Equal([3, name == "cnn" ? 10 : 3], outputShape);
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
