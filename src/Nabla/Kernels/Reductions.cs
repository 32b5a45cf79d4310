using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>Reduction kernels over contiguous runs.</summary>
internal static class Reductions
{
    /// <summary>Maximum or minimum of a run; NaN wins, as in PyTorch.</summary>
    public static float Extreme(ReadOnlySpan<float> run, bool max)
    {
        if (TensorPrimitives.IsNaNAny(run)) return float.NaN;
        return max ? TensorPrimitives.Max(run) : TensorPrimitives.Min(run);
    }

    /// <summary>Along the middle axis of a contiguous [outer, size, inner] block: extreme values and first indices (NaN wins).</summary>
    public static void ExtremeAlong(ReadOnlySpan<float> src, int outer, int size, int inner, bool max,
                                    Span<float> values, Span<float> indices)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int baseIndex = o * size * inner + i;
                float best = src[baseIndex];
                int bestAt = 0;
                for (int k = 1; k < size && !float.IsNaN(best); k++)
                {
                    float v = src[baseIndex + k * inner];
                    if (float.IsNaN(v) || (max ? v > best : v < best))
                    {
                        best = v;
                        bestAt = k;
                    }
                }
                values[o * inner + i] = best;
                indices[o * inner + i] = bestAt;
            }
        }
    }
}
