using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// A 3x3 convolution with stride 1, padding 1 and one input channel (a first layer on grey images), without
/// im2col: the column row of tap (i, j) is the image itself shifted by (i − 1)·W + (j − 1) floats. Three copies of
/// the image are laid out <see cref="CopyStride"/> floats apart, each with W + 1 zeros before and after it (the
/// rows above and below the image) and, for the left tap j = 0, its last column zeroed (so a read that wraps to the
/// previous row's end reads 0), for the right tap j = 2 its first column zeroed; tap (i, j) then reads copy j at
/// offset (i − 1)·W + j − 1 and sees exactly the values im2col would write (a few KiB per image instead of 9·H·W
/// floats). Both passes give the same values, in the same order of operations, as
/// <see cref="ConvolutionForwardDirect"/> and <see cref="ConvolutionWeightDirect"/> on im2col's matrix:
/// <list type="bullet">
/// <item>forward: 32 pixels at a time, their 9 tap vectors x 2 held in registers while every output channel takes
///   9 broadcast weights and 18 FMAs (instead of reloading the taps per channel);</item>
/// <item>weight gradient: <see cref="ConvolutionWeightDirect.Block"/> on the three taps of each kernel row, whose
///   pointers are <see cref="CopyStride"/> + 1 apart.</item>
/// </list>
/// Needs 512-bit vectors and at least 32 output pixels.
/// </summary>
internal static unsafe class ConvolutionSingleChannel3x3
{
    /// <summary>True for one input channel (per group, one group), 3x3 taps, stride 1, padding 1, no dilation, ≥ 32 pixels.</summary>
    public static bool Applies(in ConvolutionShape s) =>
        s.Channels == 1 && s.Groups == 1 && s.KernelH == 3 && s.KernelW == 3 && s.StrideH == 1 && s.StrideW == 1 &&
        s.PadH == 1 && s.PadW == 1 && s.DilationH == 1 && s.DilationW == 1 && s.OutPixels >= 32 &&
        Vector512.IsHardwareAccelerated;

    /// <summary>Distance between the three shifted copies: the image plus W + 1 zeros on each side.</summary>
    public static int CopyStride(in ConvolutionShape s) => s.InPixels + 2 * (s.Width + 1);

    /// <summary>Floats of scratch <see cref="Prepare"/> needs.</summary>
    public static long ScratchSize(in ConvolutionShape s) => 3L * CopyStride(s);

    /// <summary>Writes the three shifted copies of the image <paramref name="x"/> [H, W] into <paramref name="copies"/>.</summary>
    public static void Prepare(in ConvolutionShape s, float* x, float* copies)
    {
        int pixels = s.InPixels, width = s.Width, stride = CopyStride(s);
        for (int j = 0; j < 3; j++)
        {
            float* copy = copies + (long)j * stride;
            new Span<float>(copy, width + 1).Clear();
            new ReadOnlySpan<float>(x, pixels).CopyTo(new Span<float>(copy + width + 1, pixels));
            new Span<float>(copy + width + 1 + pixels, width + 1).Clear();
            if (j == 1) continue;
            float* image = copy + width + 1;
            int column = j == 0 ? width - 1 : 0;
            for (int h = 0; h < s.Height; h++) image[h * width + column] = 0f;
        }
    }

    /// <summary>Tap (i, j)'s column row: copy j shifted by (i − 1)·W + j − 1 (so tap row i's three taps are CopyStride + 1 apart).</summary>
    private static float* Tap(float* copies, int stride, int width, int i, int j) =>
        copies + (long)j * stride + width + 1 + (i - 1) * width + (j - 1);

    /// <summary>y[o·P + p] = (bias is null ? 0 : bias[o]) + Σ_r w[o·9 + r] · tap_r[p] for o &lt; <paramref name="channels"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(in ConvolutionShape s, float* copies, float* w, float* bias, int channels, float* y)
    {
        int pixels = s.OutPixels, stride = CopyStride(s), width = s.Width;
        float* t0 = Tap(copies, stride, width, 0, 0), t1 = Tap(copies, stride, width, 0, 1), t2 = Tap(copies, stride, width, 0, 2);
        float* t3 = Tap(copies, stride, width, 1, 0), t4 = Tap(copies, stride, width, 1, 1), t5 = Tap(copies, stride, width, 1, 2);
        float* t6 = Tap(copies, stride, width, 2, 0), t7 = Tap(copies, stride, width, 2, 1), t8 = Tap(copies, stride, width, 2, 2);
        for (int p = 0; ; p += 32)
        {
            if (p + 32 > pixels) p = pixels - 32;
            int q = p + 16;
            Vector512<float> a0 = Vector512.Load(t0 + p), a1 = Vector512.Load(t1 + p), a2 = Vector512.Load(t2 + p);
            Vector512<float> a3 = Vector512.Load(t3 + p), a4 = Vector512.Load(t4 + p), a5 = Vector512.Load(t5 + p);
            Vector512<float> a6 = Vector512.Load(t6 + p), a7 = Vector512.Load(t7 + p), a8 = Vector512.Load(t8 + p);
            Vector512<float> b0 = Vector512.Load(t0 + q), b1 = Vector512.Load(t1 + q), b2 = Vector512.Load(t2 + q);
            Vector512<float> b3 = Vector512.Load(t3 + q), b4 = Vector512.Load(t4 + q), b5 = Vector512.Load(t5 + q);
            Vector512<float> b6 = Vector512.Load(t6 + q), b7 = Vector512.Load(t7 + q), b8 = Vector512.Load(t8 + q);
            for (int o = 0; o < channels; o++)
            {
                float* wo = w + o * 9;
                var start = bias is null ? Vector512<float>.Zero : Vector512.Create(bias[o]);
                var u = Vector512.FusedMultiplyAdd(Vector512.Create(wo[0]), a0, start);
                var v = Vector512.FusedMultiplyAdd(Vector512.Create(wo[0]), b0, start);
                u = Vector512.FusedMultiplyAdd(Vector512.Create(wo[1]), a1, u);
                v = Vector512.FusedMultiplyAdd(Vector512.Create(wo[1]), b1, v);
                u = Vector512.FusedMultiplyAdd(Vector512.Create(wo[2]), a2, u);
                v = Vector512.FusedMultiplyAdd(Vector512.Create(wo[2]), b2, v);
                u = Vector512.FusedMultiplyAdd(Vector512.Create(wo[3]), a3, u);
                v = Vector512.FusedMultiplyAdd(Vector512.Create(wo[3]), b3, v);
                u = Vector512.FusedMultiplyAdd(Vector512.Create(wo[4]), a4, u);
                v = Vector512.FusedMultiplyAdd(Vector512.Create(wo[4]), b4, v);
                u = Vector512.FusedMultiplyAdd(Vector512.Create(wo[5]), a5, u);
                v = Vector512.FusedMultiplyAdd(Vector512.Create(wo[5]), b5, v);
                u = Vector512.FusedMultiplyAdd(Vector512.Create(wo[6]), a6, u);
                v = Vector512.FusedMultiplyAdd(Vector512.Create(wo[6]), b6, v);
                u = Vector512.FusedMultiplyAdd(Vector512.Create(wo[7]), a7, u);
                v = Vector512.FusedMultiplyAdd(Vector512.Create(wo[7]), b7, v);
                u = Vector512.FusedMultiplyAdd(Vector512.Create(wo[8]), a8, u);
                v = Vector512.FusedMultiplyAdd(Vector512.Create(wo[8]), b8, v);
                float* yo = y + (long)o * pixels + p;
                u.Store(yo);
                v.Store(yo + 16);
            }
            if (p + 32 >= pixels) break;
        }
    }

    /// <summary>
    /// dwt[r·ldw + o] (+)= Σ_p tap_r[p] · dy[o·P + p] for the 9 taps r and o &lt; <paramref name="channels"/>
    /// (the transposed weight gradient of one image, as <see cref="ConvolutionWeightDirect.Run"/> on im2col's rows).
    /// </summary>
    public static void WeightGrad(in ConvolutionShape s, float* copies, float* dy, int channels, float* dwt, int ldw, bool accumulate)
    {
        int pixels = s.OutPixels, stride = CopyStride(s), width = s.Width;
        for (int i = 0; i < 3; i++)
        {
            float* taps = Tap(copies, stride, width, i, 0);
            float* rows = dwt + 3 * i * ldw;
            int o = 0;
            for (; o + 4 <= channels; o += 4)
                ConvolutionWeightDirect.Block(pixels, taps, stride + 1, dy + (long)o * pixels, rows + o, ldw, accumulate);
            for (; o < channels; o++)
                for (int j = 0; j < 3; j++)
                    ConvolutionWeightDirect.Single(pixels, taps + j * (stride + 1), dy + (long)o * pixels, rows + j * ldw + o, accumulate);
        }
    }
}
