using System.Numerics.Tensors;

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
                            new Span<float>(dst, outW).Clear();
                            continue;
                        }
                        float* src = plane + (long)ih * s.Width + colOffset;
                        if (lo > 0) new Span<float>(dst, lo).Clear();
                        if (s.StrideW == 1)
                            new ReadOnlySpan<float>(src + lo, hi - lo).CopyTo(new Span<float>(dst + lo, hi - lo));
                        else
                            for (int ow = lo; ow < hi; ow++) dst[ow] = src[ow * s.StrideW];
                        if (hi < outW) new Span<float>(dst + hi, outW - hi).Clear();
                    }
                }
            }
        }
    }

    /// <summary>Sets the image <paramref name="x"/> to the sum of the column entries read from each of its pixels.</summary>
    public static void Col2Im(in ConvolutionShape s, float* col, float* x)
    {
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
                        {
                            var d = new Span<float>(dst + lo, hi - lo);
                            TensorPrimitives.Add(d, new ReadOnlySpan<float>(src + lo, hi - lo), d);
                        }
                        else
                        {
                            for (int ow = lo; ow < hi; ow++) dst[ow * s.StrideW] += src[ow];
                        }
                    }
                }
            }
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
