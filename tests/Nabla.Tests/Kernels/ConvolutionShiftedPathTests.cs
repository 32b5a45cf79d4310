using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

/// <summary>
/// The stride-1 "same"-padding paths against a float64 loop over the definition: the im2col-free one-channel 3x3
/// kernel (<see cref="ConvolutionSingleChannel3x3"/>, a first layer on grey images: forward and weight/bias gradient,
/// with the overlapping last pixel block, channel counts not a multiple of 4, non-square images, the batch split over
/// threads, streaming stores (32 and 784 pixels) and ordinary ones (63 and 78 pixels)) and the shifted-row im2col/col2im of <see cref="ConvolutionColumns"/> (several channels, 3x3, 5x5 and 1x3
/// kernels: output, input, weight and bias gradients). Tolerance 1e-5·max(1, max |want|) per result: float32
/// sums of 9 products (forward) or up to N·H·W products (gradients, whose rounding grows with the largest sums).
/// </summary>
public sealed class ConvolutionShiftedPathTests
{
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 3, 5, 7, 9 },     // 63 pixels, 5 channels
        { 2, 4, 4, 8 },     // exactly 32 pixels
        { 9, 32, 28, 28 },  // the reference CNN's first layer
        { 4, 7, 13, 6 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesTheDefinitionForwardAndBackward(int n, int o, int h, int w)
    {
        var s = new ConvolutionShape(n, 1, h, w, o, 3, 3, 1, 1, 1, 1, 1, 1, h, w, 1);
        Assert.True(ConvolutionSingleChannel3x3.Applies(s) || !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated);
        var x = Tensor.Normal([n, 1, h, w], generator: new Generator(1));
        var weight = Tensor.Normal([o, 1, 3, 3], generator: new Generator(2));
        var bias = Tensor.Normal([o], generator: new Generator(3));
        var g = Tensor.Normal([n, o, h, w], generator: new Generator(4));
        weight.RequiresGrad = true;
        bias.RequiresGrad = true;
        var y = Tensor.Conv2d(x, weight, bias, padding: (1, 1));
        y.Backward(g);

        float[] xs = x.ToArray(), ws = weight.ToArray(), bs = bias.ToArray(), gs = g.ToArray();
        var wantY = new double[n * o * h * w];
        var wantDw = new double[o * 9];
        var wantDb = new double[o];
        for (int b = 0; b < n; b++)
            for (int c = 0; c < o; c++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                    {
                        int at = ((b * o + c) * h + i) * w + j;
                        double sum = bs[c];
                        wantDb[c] += gs[at];
                        for (int p = 0; p < 3; p++)
                            for (int q = 0; q < 3; q++)
                            {
                                int ih = i + p - 1, iw = j + q - 1;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                double xv = xs[(b * h + ih) * w + iw];
                                sum += ws[c * 9 + p * 3 + q] * xv;
                                wantDw[c * 9 + p * 3 + q] += gs[at] * xv;
                            }
                        wantY[at] = sum;
                    }
        AssertClose(wantY, y.ToArray(), "output");
        AssertClose(wantDw, weight.Grad!.ToArray(), "weight grad");
        AssertClose(wantDb, bias.Grad!.ToArray(), "bias grad");
    }

    public static TheoryData<int, int, int, int, int, int> SameShapes() => new()
    {
        { 3, 4, 5, 7, 3, 3 },
        { 2, 3, 2, 9, 5, 5 },
        { 2, 2, 3, 6, 1, 3 },
        { 16, 32, 64, 14, 3, 3 }, // the reference CNN's second layer (with 16 images)
    };

    [Theory]
    [MemberData(nameof(SameShapes))]
    public void SamePaddingMatchesTheDefinitionIncludingTheInputGradient(int n, int c, int o, int size, int kh, int kw)
    {
        int h = size, w = size + 1, ph = kh / 2, pw = kw / 2;
        var x = Tensor.Normal([n, c, h, w], generator: new Generator(5));
        var weight = Tensor.Normal([o, c, kh, kw], generator: new Generator(6));
        var bias = Tensor.Normal([o], generator: new Generator(7));
        var g = Tensor.Normal([n, o, h, w], generator: new Generator(8));
        foreach (var t in new[] { x, weight, bias }) t.RequiresGrad = true;
        var y = Tensor.Conv2d(x, weight, bias, padding: (ph, pw));
        y.Backward(g);

        float[] xs = x.ToArray(), ws = weight.ToArray(), bs = bias.ToArray(), gs = g.ToArray();
        var wantY = new double[n * o * h * w];
        var wantDx = new double[xs.Length];
        var wantDw = new double[ws.Length];
        var wantDb = new double[o];
        for (int b = 0; b < n; b++)
            for (int q = 0; q < o; q++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                    {
                        int at = ((b * o + q) * h + i) * w + j;
                        double sum = bs[q];
                        wantDb[q] += gs[at];
                        for (int ch = 0; ch < c; ch++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++)
                                {
                                    int ih = i + u - ph, iw = j + v - pw;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    int xi = ((b * c + ch) * h + ih) * w + iw, wi = ((q * c + ch) * kh + u) * kw + v;
                                    sum += ws[wi] * (double)xs[xi];
                                    wantDw[wi] += gs[at] * (double)xs[xi];
                                    wantDx[xi] += gs[at] * (double)ws[wi];
                                }
                        wantY[at] = sum;
                    }
        AssertClose(wantY, y.ToArray(), "output");
        AssertClose(wantDx, x.Grad!.ToArray(), "input grad");
        AssertClose(wantDw, weight.Grad!.ToArray(), "weight grad");
        AssertClose(wantDb, bias.Grad!.ToArray(), "bias grad");
    }

    private static void AssertClose(double[] want, float[] got, string what)
    {
        Assert.Equal(want.Length, got.Length);
        double scale = Math.Max(1, want.Max(Math.Abs));
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(want[i] - got[i]) <= 1e-5 * scale, $"{what}[{i}]: got {got[i]}, want {want[i]}");
    }
}
