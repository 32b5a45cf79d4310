using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Softmax and log-softmax along the middle axis of a contiguous [outer, size, inner] block, and their
/// backward passes. Rows are shifted by their maximum before exponentiating, so large inputs do not overflow.
/// </summary>
internal static class Softmax
{
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, int outer, int size, int inner, bool log)
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice(o * size, size);
                var dst = y.Slice(o * size, size);
                float max = TensorPrimitives.Max(row);
                if (float.IsNegativeInfinity(max)) max = 0f;
                TensorPrimitives.Subtract(row, max, dst);
                TensorPrimitives.Exp(dst, dst);
                float sum = TensorPrimitives.Sum(dst);
                if (log) TensorPrimitives.Subtract(row, max + MathF.Log(sum), dst);
                else TensorPrimitives.Divide(dst, sum, dst);
            }
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = o * size * inner + i;
                float max = float.NegativeInfinity;
                for (int k = 0; k < size; k++) max = MathF.Max(max, x[start + k * inner]);
                if (float.IsNegativeInfinity(max)) max = 0f;
                double sum = 0;
                for (int k = 0; k < size; k++) sum += Math.Exp(x[start + k * inner] - max);
                float lse = (float)Math.Log(sum);
                for (int k = 0; k < size; k++)
                {
                    float shifted = x[start + k * inner] - max;
                    y[start + k * inner] = log ? shifted - lse : (float)(Math.Exp(shifted) / sum);
                }
            }
        }
    }

    /// <summary>dx = y ⊙ (g − Σ g⊙y) for softmax; dx = g − exp(y) Σ g for log-softmax (y is the forward output).</summary>
    public static void Backward(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx, int outer, int size, int inner, bool log)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = o * size * inner + i;
                double dot = 0;
                for (int k = 0; k < size; k++)
                {
                    int at = start + k * inner;
                    dot += log ? g[at] : (double)g[at] * y[at];
                }
                float s = (float)dot;
                for (int k = 0; k < size; k++)
                {
                    int at = start + k * inner;
                    dx[at] = log ? g[at] - MathF.Exp(y[at]) * s : y[at] * (g[at] - s);
                }
            }
        }
    }
}
