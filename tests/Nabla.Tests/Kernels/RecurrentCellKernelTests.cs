using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

/// <summary>
/// The fused LSTM and GRU step kernels on every SIMD path (forced, so the 512-bit loop, the <c>Vector&lt;T&gt;</c> loop and
/// the scalar tail all run: H = 37 = 2·16 + 5 = 4·8 + 5) against a double-precision reference of the same
/// formulas, with one row past its sequence length. Tolerance 2e-6 absolute (values are O(1); float rounding of
/// a few chained operations).
/// </summary>
[Collection(nameof(KernelSettingsCollection))]
public sealed unsafe class RecurrentCellKernelTests
{
    private const int Rows = 3, H = 37;

    private static double Sig(double x) => 1 / (1 + Math.Exp(-x));

    private static float[] Random(Random rng, int n, double scale)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)((rng.NextDouble() * 2 - 1) * scale);
        return v;
    }

    private static void Close(string what, double[] want, float[] got)
    {
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(want[i] - got[i]) <= 2e-6, $"{what}[{i}] = {got[i]:R}, expected {want[i]:R}");
    }

    [Theory]
    [InlineData(SimdPath.Vector512)]
    [InlineData(SimdPath.Vector256)]
    [InlineData(SimdPath.Vector128)]
    public void LstmForwardAndBackwardMatchAReferenceOnEveryPath(SimdPath path)
    {
        var rng = new Random(7);
        var pre = Random(rng, Rows * 4 * H, 4);
        var cPrev = Random(rng, Rows * H, 2);
        var hPrev = Random(rng, Rows * H, 1);
        var dy = Random(rng, Rows * H, 1);
        var dhIn = Random(rng, Rows * H, 1);
        var dcIn = Random(rng, Rows * H, 1);
        int[] lengths = [5, 3, 9]; // at t = 4, row 1 has ended
        const int t = 4;

        var gates = (float[])pre.Clone();
        var cNew = new float[Rows * H];
        var hNew = new float[Rows * H];
        var y = new float[Rows * H];
        var dc = (float[])dcIn.Clone();
        var dGates = new float[Rows * 4 * H];
        var dhOut = new float[Rows * H];
        try
        {
            Simd.ForcedPath = path;
            fixed (float* g = gates, cp = cPrev, hp = hPrev, cn = cNew, hn = hNew, py = y, pdy = dy, dhi = dhIn, pdc = dc, dg = dGates, dho = dhOut)
            fixed (int* lens = lengths)
            {
                RecurrentLstmKernel.Forward(Rows, H, g, cp, hp, cn, hn, py, lens, t);
                RecurrentLstmKernel.Backward(Rows, H, g, cp, cn, pdy, dhi, pdc, dg, dho, lens, t);
            }
        }
        finally { Simd.ForcedPath = null; }

        var wantAct = new double[Rows * 4 * H];
        double[] wantC = new double[Rows * H], wantH = new double[Rows * H], wantY = new double[Rows * H];
        double[] wantDc = new double[Rows * H], wantDho = new double[Rows * H], wantDg = new double[Rows * 4 * H];
        for (int r = 0; r < Rows; r++)
        {
            bool active = t < lengths[r];
            for (int j = 0; j < H; j++)
            {
                int s = r * H + j, a = r * 4 * H + j;
                if (!active)
                {
                    for (int q = 0; q < 4; q++) wantAct[a + q * H] = pre[a + q * H];
                    wantC[s] = cPrev[s];
                    wantH[s] = hPrev[s];
                    wantDc[s] = dcIn[s];
                    wantDho[s] = dhIn[s];
                    continue;
                }
                double i = Sig(pre[a]), f = Sig(pre[a + H]), gg = Math.Tanh(pre[a + 2 * H]), o = Sig(pre[a + 3 * H]);
                double c = f * cPrev[s] + i * gg, tc = Math.Tanh(c);
                wantAct[a] = i; wantAct[a + H] = f; wantAct[a + 2 * H] = gg; wantAct[a + 3 * H] = o;
                wantC[s] = c;
                wantH[s] = wantY[s] = o * tc;
                double dh = dhIn[s] + dy[s];
                double dcv = dcIn[s] + dh * o * (1 - tc * tc);
                wantDg[a] = dcv * gg * i * (1 - i);
                wantDg[a + H] = dcv * cPrev[s] * f * (1 - f);
                wantDg[a + 2 * H] = dcv * i * (1 - gg * gg);
                wantDg[a + 3 * H] = dh * tc * o * (1 - o);
                wantDc[s] = dcv * f;
            }
        }
        Close("activations", wantAct, gates);
        Close("c'", wantC, cNew);
        Close("h'", wantH, hNew);
        Close("y", wantY, y);
        Close("dGates", wantDg, dGates);
        Close("dc", wantDc, dc);
        Close("dhOut", wantDho, dhOut);
    }

    [Theory]
    [InlineData(SimdPath.Vector512)]
    [InlineData(SimdPath.Vector256)]
    [InlineData(SimdPath.Vector128)]
    public void GruForwardMatchesAReferenceOnEveryPath(SimdPath path)
    {
        var rng = new Random(11);
        var gx = Random(rng, Rows * 3 * H, 3);
        var gh = Random(rng, Rows * 3 * H, 3);
        var hPrev = Random(rng, Rows * H, 1);
        int[] lengths = [5, 3, 9];
        const int t = 4;

        var act = (float[])gx.Clone();
        var hNew = new float[Rows * H];
        var y = new float[Rows * H];
        try
        {
            Simd.ForcedPath = path;
            fixed (float* a = act, b = gh, hp = hPrev, hn = hNew, py = y)
            fixed (int* lens = lengths)
                RecurrentGruKernel.Forward(Rows, H, a, b, hp, hn, py, lens, t);
        }
        finally { Simd.ForcedPath = null; }

        var wantAct = new double[Rows * 3 * H];
        double[] wantH = new double[Rows * H], wantY = new double[Rows * H];
        for (int r = 0; r < Rows; r++)
        {
            for (int j = 0; j < H; j++)
            {
                int s = r * H + j, a = r * 3 * H + j;
                if (t >= lengths[r])
                {
                    for (int q = 0; q < 3; q++) wantAct[a + q * H] = gx[a + q * H];
                    wantH[s] = hPrev[s];
                    continue;
                }
                double rg = Sig(gx[a] + gh[a]), zg = Sig(gx[a + H] + gh[a + H]);
                double ng = Math.Tanh(gx[a + 2 * H] + rg * gh[a + 2 * H]);
                wantAct[a] = rg; wantAct[a + H] = zg; wantAct[a + 2 * H] = ng;
                wantH[s] = wantY[s] = (1 - zg) * ng + zg * hPrev[s];
            }
        }
        Close("activations", wantAct, act);
        Close("h'", wantH, hNew);
        Close("y", wantY, y);
    }
}
