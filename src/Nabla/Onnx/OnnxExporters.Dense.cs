using Nabla.Nn;

namespace Nabla.Onnx;

public static partial class OnnxExporters
{
    /// <summary>
    /// Linear: y = x·Wᵀ + b as Gemm(x, W, b, transB = 1) for [N, in] inputs, else MatMul(x, Wᵀ) then Add(b).
    /// Embedding: y = Gather(W, Cast(x → int64)) on axis 0 (Nabla's indices are floats holding whole numbers).
    /// </summary>
    private static void RegisterDense()
    {
        Register<Linear>((context, linear, input) =>
        {
            string weight = context.Constant(linear, "weight", linear.Weight);
            if (input.Rank == 2)
            {
                string[] inputs = linear.Bias is null ? [input.Name, weight] : [input.Name, weight, context.Constant(linear, "bias", linear.Bias)];
                return context.Output(linear, input, context.Node(linear, "Gemm", inputs, OnnxAttribute.Int("transB", 1)));
            }
            string transposed = context.Node(linear, "Transpose", [weight], OnnxAttribute.Ints("perm", 1, 0));
            string y = context.Node(linear, "MatMul", [input.Name, transposed]);
            if (linear.Bias is not null)
                y = context.Node(linear, "Add", [y, context.Constant(linear, "bias", linear.Bias)]);
            return context.Output(linear, input, y);
        });
        Register<Embedding>((context, embedding, input) =>
        {
            string indices = context.Node(embedding, "Cast", [input.Name], OnnxAttribute.Int("to", OnnxInitializer.Int64Type));
            string weight = context.Constant(embedding, "weight", embedding.Weight);
            return context.Output(embedding, input, context.Node(embedding, "Gather", [weight, indices], OnnxAttribute.Int("axis", 0)));
        });
    }
}
