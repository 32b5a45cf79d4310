using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>Row gathers and scatter-adds for embedding lookups: rows of <c>dim</c> floats picked by whole-number indices.</summary>
internal static unsafe class GatherRowsKernel
{
    /// <summary>dst[i] = table[index[i]] for each of <paramref name="count"/> indices (already validated).</summary>
    public static void Gather(float* table, float* index, float* dst, int count, int dim)
    {
        for (int i = 0; i < count; i++)
            new ReadOnlySpan<float>(table + (long)(int)index[i] * dim, dim).CopyTo(new Span<float>(dst + (long)i * dim, dim));
    }

    /// <summary>table[index[i]] += src[i] for each index except <paramref name="skip"/> (−1 skips none).</summary>
    public static void ScatterAdd(float* table, float* index, float* src, int count, int dim, int skip)
    {
        for (int i = 0; i < count; i++)
        {
            int row = (int)index[i];
            if (row == skip) continue;
            var dst = new Span<float>(table + (long)row * dim, dim);
            TensorPrimitives.Add(dst, new ReadOnlySpan<float>(src + (long)i * dim, dim), dst);
        }
    }
}
