namespace Nabla.Kernels;

/// <summary>Nearest-neighbour 2-D upsampling of contiguous [planes, H, W] blocks and its gradient (a scatter-add).</summary>
internal static unsafe class UpsampleKernel
{
    /// <summary>
    /// PyTorch's nearest source index: the identity when sizes match, i/2 when the output is twice the input,
    /// else min(⌊i·scale⌋, in − 1) with scale = 1/scaleFactor when a factor was given, in/out otherwise (float32).
    /// </summary>
    public static void SourceIndices(Span<int> source, int inSize, double? scaleFactor)
    {
        int outSize = source.Length;
        float scale = scaleFactor is double f ? (float)(1.0 / f) : (float)inSize / outSize;
        for (int i = 0; i < outSize; i++)
            source[i] = outSize == inSize ? i : outSize == 2 * inSize ? i >> 1 : Math.Min((int)MathF.Floor(i * scale), inSize - 1);
    }

    /// <summary>y[p, i, j] = x[p, rows[i], cols[j]].</summary>
    public static void Forward(float* x, float* y, int planes, int inH, int inW, ReadOnlySpan<int> rows, ReadOnlySpan<int> cols)
    {
        int outH = rows.Length, outW = cols.Length;
        for (int p = 0; p < planes; p++)
        {
            float* src = x + (long)p * inH * inW;
            float* dst = y + (long)p * outH * outW;
            for (int i = 0; i < outH; i++)
            {
                float* srcRow = src + (long)rows[i] * inW;
                float* dstRow = dst + (long)i * outW;
                for (int j = 0; j < outW; j++) dstRow[j] = srcRow[cols[j]];
            }
        }
    }

    /// <summary>dx[p, rows[i], cols[j]] += g[p, i, j]; dx must be zeroed.</summary>
    public static void Backward(float* g, float* dx, int planes, int inH, int inW, ReadOnlySpan<int> rows, ReadOnlySpan<int> cols)
    {
        int outH = rows.Length, outW = cols.Length;
        for (int p = 0; p < planes; p++)
        {
            float* src = g + (long)p * outH * outW;
            float* dst = dx + (long)p * inH * inW;
            for (int i = 0; i < outH; i++)
            {
                float* dstRow = dst + (long)rows[i] * inW;
                float* srcRow = src + (long)i * outW;
                for (int j = 0; j < outW; j++) dstRow[cols[j]] += srcRow[j];
            }
        }
    }
}
