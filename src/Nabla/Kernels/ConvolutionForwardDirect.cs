using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// The forward product of a convolution with a shallow column matrix (fewer than
/// <see cref="ConvolutionWeightDirect.MaxRows"/> rows, as in a first layer), where the GEMM's depth of a few steps
/// leaves its register tiles mostly loading and storing C: <c>y[o, p] = b[o] + Σ_r w[o, r] · col[r, p]</c>, 64 pixels
/// (four Vector512 accumulators) per output channel at a time, each accumulator written once. A last partial block
/// is recomputed overlapping the previous one. Needs 512-bit vectors and at least 64 pixels.
/// </summary>
internal static unsafe class ConvolutionForwardDirect
{
    /// <summary>True when the kernel applies: shallow columns, 512-bit vectors and at least 64 output pixels.</summary>
    public static bool Applies(int rows, int pixels) =>
        rows < ConvolutionWeightDirect.MaxRows && pixels >= 64 && Vector512.IsHardwareAccelerated;

    /// <summary>y[o·pixels + p] = (bias is null ? 0 : bias[o]) + Σ_r w[o·rows + r] · col[r·pixels + p].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int rows, int channels, int pixels, float* col, float* w, float* bias, float* y)
    {
        for (int p = 0; ; p += 64)
        {
            if (p + 64 > pixels) p = pixels - 64;
            float* c = col + p;
            for (int o = 0; o < channels; o++)
            {
                var start = bias is null ? Vector512<float>.Zero : Vector512.Create(bias[o]);
                Vector512<float> a0 = start, a1 = start, a2 = start, a3 = start;
                float* wo = w + o * rows;
                for (int r = 0; r < rows; r++)
                {
                    var wv = Vector512.Create(wo[r]);
                    float* cr = c + r * pixels;
                    a0 = Vector512.FusedMultiplyAdd(wv, Vector512.Load(cr), a0);
                    a1 = Vector512.FusedMultiplyAdd(wv, Vector512.Load(cr + 16), a1);
                    a2 = Vector512.FusedMultiplyAdd(wv, Vector512.Load(cr + 32), a2);
                    a3 = Vector512.FusedMultiplyAdd(wv, Vector512.Load(cr + 48), a3);
                }
                float* yo = y + o * pixels + p;
                a0.Store(yo);
                a1.Store(yo + 16);
                a2.Store(yo + 32);
                a3.Store(yo + 48);
            }
            if (p + 64 >= pixels) break;
        }
    }
}
