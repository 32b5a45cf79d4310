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
/// floats). The forward pass gives the same values, in the same order of operations, as
/// <see cref="ConvolutionForwardDirect"/> on im2col's matrix:
/// <list type="bullet">
/// <item>forward: 32 pixels at a time, their 9 tap vectors x 2 held in registers while every output channel takes
///   9 broadcast weights and 18 FMAs (instead of reloading the taps per channel); when the output planes are
///   whole cache lines the stores are non-temporal: the output (12.8 MB for the reference CNN's batch) is too large
///   to stay cached until its consumer reads it, and streaming it skips the read-for-ownership of every line (the
///   forward+backward benchmark went from 0.42 to 0.55-0.65 of peak; the training epoch did not change);</item>
/// <item>weight and bias gradient: two output channels at a time against all 9 taps, summed into vector partials
///   across the worker's images and reduced once at the end.</item>
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

    /// <summary>
    /// y[o·P + p] = (bias is null ? 0 : bias[o]) + Σ_r w[o·9 + r] · tap_r[p] for o &lt; <paramref name="channels"/>;
    /// non-temporal stores when <paramref name="y"/> is 64-byte aligned and P a multiple of 16.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(in ConvolutionShape s, float* copies, float* w, float* bias, int channels, float* y)
    {
        int pixels = s.OutPixels, stride = CopyStride(s), width = s.Width;
        float* t0 = Tap(copies, stride, width, 0, 0), t1 = Tap(copies, stride, width, 0, 1), t2 = Tap(copies, stride, width, 0, 2);
        float* t3 = Tap(copies, stride, width, 1, 0), t4 = Tap(copies, stride, width, 1, 1), t5 = Tap(copies, stride, width, 1, 2);
        float* t6 = Tap(copies, stride, width, 2, 0), t7 = Tap(copies, stride, width, 2, 1), t8 = Tap(copies, stride, width, 2, 2);
        bool stream = ((nint)y & 63) == 0 && pixels % 16 == 0;
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
                if (stream)
                {
                    u.StoreAlignedNonTemporal(yo);
                    v.StoreAlignedNonTemporal(yo + 16);
                }
                else
                {
                    u.Store(yo);
                    v.Store(yo + 16);
                }
            }
            if (p + 32 >= pixels) break;
        }
    }

    /// <summary>Floats of the per-worker vector partial sums <see cref="AccumulateWeightGrad"/> keeps: 10 vectors per output channel.</summary>
    public static long PartialSize(in ConvolutionShape s) => 10L * s.OutChannels * Vector512<float>.Count;

    /// <summary>
    /// Adds one image's weight and bias gradient to vector partial sums (not reduced, so the horizontal sums happen
    /// once per worker in <see cref="ReduceWeightGrad"/>): partial[(r·O + o)·16 + lane] += Σ tap_r[p]·dy[o·P + p] and
    /// partial[(9·O + o)·16 + lane] += Σ dy[o·P + p] over the pixels p of that lane, for two output channels at a time
    /// (20 accumulators: 9 taps x 2 channels and 2 bias sums; 11 loads per 18 FMAs). <paramref name="first"/> starts the
    /// sums at 0. A last partial vector masks the gradients (so products and bias terms) of the lanes already covered.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateWeightGrad(in ConvolutionShape s, float* copies, float* dy, float* partial, bool first)
    {
        int pixels = s.OutPixels, stride = CopyStride(s), width = s.Width, channels = s.OutChannels;
        float* t0 = Tap(copies, stride, width, 0, 0), t1 = Tap(copies, stride, width, 0, 1), t2 = Tap(copies, stride, width, 0, 2);
        float* t3 = Tap(copies, stride, width, 1, 0), t4 = Tap(copies, stride, width, 1, 1), t5 = Tap(copies, stride, width, 1, 2);
        float* t6 = Tap(copies, stride, width, 2, 0), t7 = Tap(copies, stride, width, 2, 1), t8 = Tap(copies, stride, width, 2, 2);
        var tail = ConvolutionWeightDirect.TailMask(pixels);
        int full = pixels & ~15, rowVectors = channels * 16;
        for (int o = 0; o < channels; o += 2)
        {
            // An odd last channel pairs with itself (d1 = d0) and stores only its own sums.
            bool pair = o + 1 < channels;
            float* d0p = dy + (long)o * pixels, d1p = pair ? d0p + pixels : d0p;
            float* at = partial + o * 16, at1 = pair ? at + 16 : at;
            Vector512<float> a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51, a60, a61, a70, a71, a80, a81, b0, b1;
            if (first)
            {
                a00 = a01 = a10 = a11 = a20 = a21 = a30 = a31 = a40 = a41 = Vector512<float>.Zero;
                a50 = a51 = a60 = a61 = a70 = a71 = a80 = a81 = b0 = b1 = Vector512<float>.Zero;
            }
            else
            {
                a00 = Vector512.Load(at); a01 = Vector512.Load(at1);
                a10 = Vector512.Load(at + rowVectors); a11 = Vector512.Load(at1 + rowVectors);
                a20 = Vector512.Load(at + 2 * rowVectors); a21 = Vector512.Load(at1 + 2 * rowVectors);
                a30 = Vector512.Load(at + 3 * rowVectors); a31 = Vector512.Load(at1 + 3 * rowVectors);
                a40 = Vector512.Load(at + 4 * rowVectors); a41 = Vector512.Load(at1 + 4 * rowVectors);
                a50 = Vector512.Load(at + 5 * rowVectors); a51 = Vector512.Load(at1 + 5 * rowVectors);
                a60 = Vector512.Load(at + 6 * rowVectors); a61 = Vector512.Load(at1 + 6 * rowVectors);
                a70 = Vector512.Load(at + 7 * rowVectors); a71 = Vector512.Load(at1 + 7 * rowVectors);
                a80 = Vector512.Load(at + 8 * rowVectors); a81 = Vector512.Load(at1 + 8 * rowVectors);
                b0 = Vector512.Load(at + 9 * rowVectors); b1 = Vector512.Load(at1 + 9 * rowVectors);
            }
            for (int p = 0; p < pixels; p += 16)
            {
                Vector512<float> d0, d1;
                int q = p;
                if (p == full)
                {
                    // The last, partial vector re-reads the final 16 pixels; masking the gradients zeroes the products
                    // and bias terms of the lanes the previous vector already counted.
                    q = pixels - 16;
                    d0 = Vector512.Load(d0p + q) & tail;
                    d1 = Vector512.Load(d1p + q) & tail;
                }
                else
                {
                    d0 = Vector512.Load(d0p + q);
                    d1 = Vector512.Load(d1p + q);
                }
                b0 += d0;
                b1 += d1;
                var x = Vector512.Load(t0 + q);
                a00 = Vector512.FusedMultiplyAdd(x, d0, a00); a01 = Vector512.FusedMultiplyAdd(x, d1, a01);
                x = Vector512.Load(t1 + q);
                a10 = Vector512.FusedMultiplyAdd(x, d0, a10); a11 = Vector512.FusedMultiplyAdd(x, d1, a11);
                x = Vector512.Load(t2 + q);
                a20 = Vector512.FusedMultiplyAdd(x, d0, a20); a21 = Vector512.FusedMultiplyAdd(x, d1, a21);
                x = Vector512.Load(t3 + q);
                a30 = Vector512.FusedMultiplyAdd(x, d0, a30); a31 = Vector512.FusedMultiplyAdd(x, d1, a31);
                x = Vector512.Load(t4 + q);
                a40 = Vector512.FusedMultiplyAdd(x, d0, a40); a41 = Vector512.FusedMultiplyAdd(x, d1, a41);
                x = Vector512.Load(t5 + q);
                a50 = Vector512.FusedMultiplyAdd(x, d0, a50); a51 = Vector512.FusedMultiplyAdd(x, d1, a51);
                x = Vector512.Load(t6 + q);
                a60 = Vector512.FusedMultiplyAdd(x, d0, a60); a61 = Vector512.FusedMultiplyAdd(x, d1, a61);
                x = Vector512.Load(t7 + q);
                a70 = Vector512.FusedMultiplyAdd(x, d0, a70); a71 = Vector512.FusedMultiplyAdd(x, d1, a71);
                x = Vector512.Load(t8 + q);
                a80 = Vector512.FusedMultiplyAdd(x, d0, a80); a81 = Vector512.FusedMultiplyAdd(x, d1, a81);
            }
            a00.Store(at); a10.Store(at + rowVectors); a20.Store(at + 2 * rowVectors); a30.Store(at + 3 * rowVectors);
            a40.Store(at + 4 * rowVectors); a50.Store(at + 5 * rowVectors); a60.Store(at + 6 * rowVectors);
            a70.Store(at + 7 * rowVectors); a80.Store(at + 8 * rowVectors); b0.Store(at + 9 * rowVectors);
            if (!pair) continue;
            a01.Store(at1); a11.Store(at1 + rowVectors); a21.Store(at1 + 2 * rowVectors); a31.Store(at1 + 3 * rowVectors);
            a41.Store(at1 + 4 * rowVectors); a51.Store(at1 + 5 * rowVectors); a61.Store(at1 + 6 * rowVectors);
            a71.Store(at1 + 7 * rowVectors); a81.Store(at1 + 8 * rowVectors); b1.Store(at1 + 9 * rowVectors);
        }
    }

    /// <summary>
    /// The horizontal sums of <see cref="AccumulateWeightGrad"/>'s partials: dwt[r·O + o] (the transposed weight
    /// gradient) and, when <paramref name="bias"/> is not null, bias[o].
    /// </summary>
    public static void ReduceWeightGrad(in ConvolutionShape s, float* partial, float* dwt, float* bias)
    {
        int channels = s.OutChannels;
        for (int r = 0; r < 9; r++)
            for (int o = 0; o < channels; o++) dwt[r * channels + o] = Vector512.Sum(Vector512.Load(partial + (r * channels + o) * 16));
        if (bias is null) return;
        for (int o = 0; o < channels; o++) bias[o] = Vector512.Sum(Vector512.Load(partial + (9 * channels + o) * 16));
    }
}
