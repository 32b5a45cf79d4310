using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// im2col and col2im for one image: the column matrix of an image x [C, H, W] under a
/// <see cref="ConvolutionShape"/> is col [C·KH·KW, OutH·OutW] with
/// <c>col[(c·KH + i)·KW + j, oh·OutW + ow] = x[c, oh·SH − PH + i·DH, ow·SW − PW + j·DW]</c> (0 outside the image),
/// so a convolution is the product w [O, C·KH·KW] · col. col2im is its adjoint: it adds every column entry back onto
/// the input pixel it was read from.
/// </summary>
internal static unsafe class ConvolutionColumns
{
    /// <summary>Fills <paramref name="col"/> (ColumnRows x OutPixels) from the image <paramref name="x"/>.</summary>
    public static void Im2Col(in ConvolutionShape s, float* x, float* col)
    {
        if (IsSameShift(s))
        {
            Im2ColShifted(s, x, col);
            return;
        }
        int outW = s.OutWidth, outPixels = s.OutPixels;
        for (int c = 0; c < s.Channels; c++)
        {
            float* plane = x + (long)c * s.InPixels;
            for (int i = 0; i < s.KernelH; i++)
            {
                for (int j = 0; j < s.KernelW; j++)
                {
                    float* row = col + (long)((c * s.KernelH + i) * s.KernelW + j) * outPixels;
                    int colOffset = j * s.DilationW - s.PadW;
                    var (lo, hi) = ValidRange(colOffset, s.StrideW, s.Width, outW);
                    for (int oh = 0; oh < s.OutHeight; oh++)
                    {
                        float* dst = row + oh * outW;
                        int ih = oh * s.StrideH - s.PadH + i * s.DilationH;
                        if ((uint)ih >= (uint)s.Height)
                        {
                            Zero(dst, outW);
                            continue;
                        }
                        float* src = plane + (long)ih * s.Width + colOffset;
                        for (int ow = 0; ow < lo; ow++) dst[ow] = 0f;
                        if (s.StrideW == 1)
                            Copy(src + lo, dst + lo, hi - lo);
                        else
                            for (int ow = lo; ow < hi; ow++) dst[ow] = src[ow * s.StrideW];
                        for (int ow = hi; ow < outW; ow++) dst[ow] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>Sets the image <paramref name="x"/> to the sum of the column entries read from each of its pixels.</summary>
    /// <remarks>For stride 1 with "same" padding the wrapped entries of <paramref name="col"/> (those read from outside the image) are overwritten with 0.</remarks>
    public static void Col2Im(in ConvolutionShape s, float* col, float* x)
    {
        if (IsSameShift(s))
        {
            Col2ImShifted(s, col, x);
            return;
        }
        int outW = s.OutWidth, outPixels = s.OutPixels;
        new Span<float>(x, checked((int)s.InputImage)).Clear();
        for (int c = 0; c < s.Channels; c++)
        {
            float* plane = x + (long)c * s.InPixels;
            for (int i = 0; i < s.KernelH; i++)
            {
                for (int j = 0; j < s.KernelW; j++)
                {
                    float* row = col + (long)((c * s.KernelH + i) * s.KernelW + j) * outPixels;
                    int colOffset = j * s.DilationW - s.PadW;
                    var (lo, hi) = ValidRange(colOffset, s.StrideW, s.Width, outW);
                    if (hi <= lo) continue;
                    for (int oh = 0; oh < s.OutHeight; oh++)
                    {
                        int ih = oh * s.StrideH - s.PadH + i * s.DilationH;
                        if ((uint)ih >= (uint)s.Height) continue;
                        float* src = row + oh * outW;
                        float* dst = plane + (long)ih * s.Width + colOffset;
                        if (s.StrideW == 1)
                            Add(src + lo, dst + lo, hi - lo);
                        else
                        {
                            for (int ow = lo; ow < hi; ow++) dst[ow * s.StrideW] += src[ow];
                        }
                    }
                }
            }
        }
    }

    // Rows are short (an output row of a small feature map is 7 to 28 floats), so these inline vector helpers beat
    // the call overhead of Span.CopyTo / Clear / TensorPrimitives.Add. Copy and Zero finish with a vector that
    // overlaps the previous one (rewriting the same values); Add cannot, and finishes with narrower vectors.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int n)
    {
        if (n >= 16 && Vector512.IsHardwareAccelerated)
        {
            int k = 0;
            for (; k + 16 <= n; k += 16) Vector512.Load(src + k).Store(dst + k);
            if (k < n) Vector512.Load(src + n - 16).Store(dst + n - 16);
        }
        else if (n >= 8)
        {
            int k = 0;
            for (; k + 8 <= n; k += 8) Vector256.Load(src + k).Store(dst + k);
            if (k < n) Vector256.Load(src + n - 8).Store(dst + n - 8);
        }
        else if (n >= 4)
        {
            Vector128.Load(src).Store(dst);
            Vector128.Load(src + n - 4).Store(dst + n - 4);
        }
        else
        {
            for (int k = 0; k < n; k++) dst[k] = src[k];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zero(float* dst, int n)
    {
        if (n >= 8)
        {
            int k = 0;
            for (; k + 8 <= n; k += 8) Vector256<float>.Zero.Store(dst + k);
            if (k < n) Vector256<float>.Zero.Store(dst + n - 8);
        }
        else
        {
            for (int k = 0; k < n; k++) dst[k] = 0f;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* src, float* dst, int n)
    {
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; k + 16 <= n; k += 16) (Vector512.Load(dst + k) + Vector512.Load(src + k)).Store(dst + k);
        for (; k + 8 <= n; k += 8) (Vector256.Load(dst + k) + Vector256.Load(src + k)).Store(dst + k);
        if (k + 4 <= n)
        {
            (Vector128.Load(dst + k) + Vector128.Load(src + k)).Store(dst + k);
            k += 4;
        }
        for (; k < n; k++) dst[k] += src[k];
    }

    /// <summary>
    /// Stride 1, no dilation and "same" padding (odd kernel, pad = k/2 on both axes, smaller than the image): the
    /// output is H x W and the column row of tap (c, i, j) is plane c shifted by δ = (i − PH)·W + (j − PW) floats, except
    /// for the |j − PW| columns at one edge of each row, whose shifted read wraps to the neighbouring row (those are 0).
    /// So each row is one bulk copy plus a few zeros, instead of one short copy per output row.
    /// </summary>
    private static bool IsSameShift(in ConvolutionShape s) =>
        s.StrideH == 1 && s.StrideW == 1 && s.DilationH == 1 && s.DilationW == 1 && s.KernelH % 2 == 1 &&
        s.KernelW % 2 == 1 && s.PadH == s.KernelH / 2 && s.PadW == s.KernelW / 2 && s.PadH < s.Height && s.PadW < s.Width;

    private static void Im2ColShifted(in ConvolutionShape s, float* x, float* col)
    {
        int pixels = s.InPixels;
        for (int c = 0; c < s.Channels; c++)
        {
            float* plane = x + (long)c * pixels;
            for (int i = 0; i < s.KernelH; i++)
                for (int j = 0; j < s.KernelW; j++)
                {
                    float* row = col + (long)((c * s.KernelH + i) * s.KernelW + j) * pixels;
                    int delta = (i - s.PadH) * s.Width + (j - s.PadW);
                    int lo = Math.Clamp(-delta, 0, pixels), hi = Math.Clamp(pixels - delta, lo, pixels);
                    new Span<float>(row, lo).Clear();
                    new ReadOnlySpan<float>(plane + lo + delta, hi - lo).CopyTo(new Span<float>(row + lo, hi - lo));
                    new Span<float>(row + hi, pixels - hi).Clear();
                    ZeroWrapped(s, j, row);
                }
        }
    }

    private static void Col2ImShifted(in ConvolutionShape s, float* col, float* x)
    {
        int pixels = s.InPixels;
        new Span<float>(x, checked((int)s.InputImage)).Clear();
        for (int c = 0; c < s.Channels; c++)
        {
            float* plane = x + (long)c * pixels;
            for (int i = 0; i < s.KernelH; i++)
                for (int j = 0; j < s.KernelW; j++)
                {
                    float* row = col + (long)((c * s.KernelH + i) * s.KernelW + j) * pixels;
                    int delta = (i - s.PadH) * s.Width + (j - s.PadW);
                    int lo = Math.Clamp(-delta, 0, pixels), hi = Math.Clamp(pixels - delta, lo, pixels);
                    ZeroWrapped(s, j, row);
                    var target = new Span<float>(plane + lo + delta, hi - lo);
                    TensorPrimitives.Add(target, new ReadOnlySpan<float>(row + lo, hi - lo), target);
                }
        }
    }

    /// <summary>Zeroes the entries of a shifted column row of tap column <paramref name="j"/> that fall outside the image's row.</summary>
    private static void ZeroWrapped(in ConvolutionShape s, int j, float* row)
    {
        int shift = j - s.PadW, width = s.Width;
        if (shift == 0) return;
        int from = shift < 0 ? 0 : width - shift, to = shift < 0 ? -shift : width;
        for (int oh = 0; oh < s.Height; oh++)
        {
            float* r = row + oh * width;
            for (int ow = from; ow < to; ow++) r[ow] = 0f;
        }
    }

    /// <summary>The output columns [lo, hi) whose input column <c>ow·stride + offset</c> lies inside [0, width).</summary>
    private static (int Lo, int Hi) ValidRange(int offset, int stride, int width, int outW)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int hi = width - offset <= 0 ? 0 : (width - offset + stride - 1) / stride;
        lo = Math.Min(lo, outW);
        hi = Math.Clamp(hi, lo, outW);
        return (lo, hi);
    }
}
