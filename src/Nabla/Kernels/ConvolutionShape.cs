namespace Nabla.Kernels;

/// <summary>
/// The geometry of a 2-D convolution y = conv(x, w): a batch of <see cref="Batch"/> images x [C, H, W], filters
/// w [O, C/groups, KH, KW] and outputs y [O, OutH, OutW], with
/// <c>OutH = (H + 2·PadH − DilH·(KH − 1) − 1) / StrideH + 1</c> (the same along the width). Output pixel (oh, ow)
/// of channel o reads the input pixels (oh·StrideH − PadH + i·DilH, ow·StrideW − PadW + j·DilW) of the
/// <c>C/groups</c> input channels of o's group. A transposed convolution uses the same geometry with the roles
/// of x and y swapped.
/// </summary>
internal readonly record struct ConvolutionShape(
    int Batch, int Channels, int Height, int Width, int OutChannels, int KernelH, int KernelW,
    int StrideH, int StrideW, int PadH, int PadW, int DilationH, int DilationW, int OutHeight, int OutWidth, int Groups)
{
    /// <summary>Input channels per group.</summary>
    public int GroupChannels => Channels / Groups;

    /// <summary>Output channels per group.</summary>
    public int GroupOutChannels => OutChannels / Groups;

    /// <summary>Rows of one group's column matrix: C/groups · KH · KW (the GEMM depth).</summary>
    public int GroupColumnRows => GroupChannels * KernelH * KernelW;

    /// <summary>Rows of the whole column matrix: C · KH · KW.</summary>
    public int ColumnRows => Channels * KernelH * KernelW;

    /// <summary>Output pixels per image: OutH · OutW (the GEMM width).</summary>
    public int OutPixels => OutHeight * OutWidth;

    /// <summary>Input pixels per image.</summary>
    public int InPixels => Height * Width;

    /// <summary>Floats in one input image (C · H · W).</summary>
    public long InputImage => (long)Channels * Height * Width;

    /// <summary>Floats in one output image (O · OutH · OutW).</summary>
    public long OutputImage => (long)OutChannels * OutHeight * OutWidth;

    /// <summary>Floats in the weight: O · C/groups · KH · KW.</summary>
    public long WeightSize => (long)OutChannels * GroupColumnRows;

    /// <summary>Multiply-adds of one forward pass over the batch.</summary>
    public long MultiplyAdds => (long)Batch * OutChannels * OutPixels * GroupColumnRows;

    /// <summary>
    /// True when the column matrix is the input itself: a 1x1 kernel with stride 1 and no padding (the GEMMs then
    /// read and write the image directly, with no im2col or col2im).
    /// </summary>
    public bool IsPointwise => KernelH == 1 && KernelW == 1 && StrideH == 1 && StrideW == 1 && PadH == 0 && PadW == 0;

    /// <summary>The output length of a convolution along one axis (≤ 0 when the kernel does not fit).</summary>
    public static int OutputLength(int input, int kernel, int stride, int padding, int dilation) =>
        (int)(((long)input + 2L * padding - (long)dilation * (kernel - 1) - 1) / stride + 1);
}
