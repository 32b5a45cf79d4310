using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

/// <summary>
/// The im2col-free path of a one-channel 3x3, stride-1, padding-1 convolution (<see cref="ConvolutionSingleChannel3x3"/>,
/// a first layer on grey images) against a float64 loop over the definition, forward and weight/bias gradient, on
/// shapes that exercise the overlapping last pixel block (pixels not a multiple of 32), channel counts not a multiple
/// of 4, non-square images and the batch split over threads. Tolerance 1e-5·max(1, max |want|) per result: float32
/// sums of 9 products (forward) or up to N·H·W products (gradients, whose rounding grows with the largest sums).
/// </summary>
public sealed class ConvolutionSingleChannelTests
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

    private static void AssertClose(double[] want, float[] got, string what)
    {
        Assert.Equal(want.Length, got.Length);
        double scale = Math.Max(1, want.Max(Math.Abs));
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(want[i] - got[i]) <= 1e-5 * scale, $"{what}[{i}]: got {got[i]}, want {want[i]}");
    }
}
