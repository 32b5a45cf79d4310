using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Nabla.Nn;

namespace Nabla.Tests.Onnx;

/// <summary>
/// Runs an exported model in ONNX Runtime and compares with Nabla's forward in evaluation mode.
/// Tolerance: |ort − nabla| ≤ 1e-5·|nabla| + 1e-5·max(1, max|nabla|). Both compute in float32 but sum in different
/// orders (ONNX Runtime's MLAS GEMM/convolution kernels and fused graph rewrites against Nabla's packed kernels), so
/// an element that is a long sum can differ by a few ulps of the sum's largest terms, not of the (possibly tiny)
/// result: hence the relative 1e-5 plus an absolute floor scaled by the output's magnitude.
/// </summary>
internal static class OnnxRuntimeCheck
{
    public const float Tolerance = 1e-5f;

    /// <summary>Runs the ONNX model on <paramref name="input"/> and returns the output's values and shape.</summary>
    public static (float[] Values, int[] Shape) Run(byte[] model, Tensor input)
    {
        using var session = new InferenceSession(model);
        var dims = input.Shape.ToArray();
        var tensor = new DenseTensor<float>(input.ToArray(), dims);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]);
        var output = results.Single(r => r.Name == "output").AsTensor<float>();
        return (output.ToArray(), output.Dimensions.ToArray());
    }

    /// <summary>
    /// Exports <paramref name="model"/> for <paramref name="shape"/>, then for each batch size checks that ONNX
    /// Runtime's output equals Nabla's eval-mode forward (inputs from <paramref name="makeInput"/>, default N(0, 1)).
    /// </summary>
    public static void AssertMatches(Module model, int[] shape, Func<int[], Generator, Tensor>? makeInput = null, int opset = 21,
                                     params int[] batches)
    {
        byte[] bytes = model.ToOnnx(shape, opset);
        makeInput ??= (s, g) => Tensor.Normal(s, generator: g);
        if (batches.Length == 0) batches = [2, 5];
        bool training = model.Training;
        foreach (int batch in batches)
        {
            int[] s = [batch, .. shape[1..]];
            var input = makeInput(s, new Generator((ulong)(17 + batch)));
            model.Eval();
            float[] expected;
            int[] expectedShape;
            using (Nabla.Autograd.NoGrad())
            {
                var y = model.Forward(input);
                expected = y.ToArray();
                expectedShape = y.Shape.ToArray();
            }
            model.Train(training);
            var (actual, actualShape) = Run(bytes, input);
            Assert.Equal(expectedShape, actualShape);
            float scale = 1f;
            foreach (float v in expected) scale = MathF.Max(scale, MathF.Abs(v));
            for (int i = 0; i < expected.Length; i++)
            {
                float limit = Tolerance * MathF.Abs(expected[i]) + Tolerance * scale;
                if (!(MathF.Abs(actual[i] - expected[i]) <= limit))
                    Assert.Fail($"{model.GetType().Name} (batch {batch}, opset {opset}): element {i} is {actual[i]} in ONNX Runtime, {expected[i]} in Nabla (limit {limit})");
            }
        }
    }
}
