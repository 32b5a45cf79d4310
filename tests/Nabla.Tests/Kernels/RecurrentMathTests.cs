using System.Numerics;
using System.Runtime.Intrinsics;
using Nabla.Kernels;

namespace Nabla.Tests.Kernels;

/// <summary>
/// The vector exp, σ and tanh of the fused recurrent kernels against double-precision references, on both vector
/// types. Tolerance: 4e-7 relative (a few float ulp; Cephes' algorithms are accurate to about 2 ulp) plus 1e-37
/// absolute for results that underflow (exp's argument is clamped at −87.3, so σ(−100) is 1e-38, not 4e-44).
/// </summary>
public sealed class RecurrentMathTests
{
    private static float[] Inputs()
    {
        var list = new List<float> { 0f, -0f, 1e-6f, -1e-6f, 0.3f, 0.6249f, 0.625f, -0.625f, 0.6251f, 1f, -1f, 5f, -5f, 9f,
                                     20f, -20f, 44f, -44f, 87f, -87f, 88f, 100f, -100f, 1e30f, -1e30f };
        for (int i = -2000; i <= 2000; i++) list.Add(i * 0.0125f);
        while (list.Count % 16 != 0) list.Add(0.5f);
        return [.. list];
    }

    private static void Check(string what, float[] x, float[] got, Func<double, double> reference)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double want = reference(x[i]);
            double err = Math.Abs(got[i] - want);
            Assert.True(err <= 4e-7 * Math.Abs(want) + 1e-37, $"{what}({x[i]:R}) = {got[i]:R}, expected {want:R} (error {err:E2})");
        }
    }

    private static float[] Apply512(float[] x, Func<Vector512<float>, Vector512<float>> f)
    {
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i += 16) f(Vector512.Create(x, i)).CopyTo(y, i);
        return y;
    }

    private static float[] ApplyVector(float[] x, Func<Vector<float>, Vector<float>> f)
    {
        var y = new float[x.Length];
        for (int i = 0; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count) f(new Vector<float>(x, i)).CopyTo(y, i);
        return y;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void ExpSigmoidAndTanhAreAccurateOnBothVectorTypes()
    {
        var x = Inputs();
        var expInputs = x.Select(v => Math.Clamp(v, -87f, 88f)).ToArray();
        Check("Exp512", expInputs, Apply512(expInputs, RecurrentMath.Exp), Math.Exp);
        Check("Exp", expInputs, ApplyVector(expInputs, RecurrentMath.Exp), Math.Exp);
        Check("Sigmoid512", x, Apply512(x, RecurrentMath.Sigmoid), Sigmoid);
        Check("Sigmoid", x, ApplyVector(x, RecurrentMath.Sigmoid), Sigmoid);
        Check("Tanh512", x, Apply512(x, RecurrentMath.Tanh), Math.Tanh);
        Check("Tanh", x, ApplyVector(x, RecurrentMath.Tanh), Math.Tanh);
    }

    [Fact]
    public void SaturateAtInfinitiesAndPropagateNaN()
    {
        float[] x = [float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1f];
        var padded = new float[16];
        x.CopyTo(padded, 0);
        foreach (var (name, sigmoid, tanh) in new[]
                 {
                     ("Vector512", Apply512(padded, RecurrentMath.Sigmoid), Apply512(padded, RecurrentMath.Tanh)),
                     ("Vector", ApplyVector(padded, RecurrentMath.Sigmoid), ApplyVector(padded, RecurrentMath.Tanh)),
                 })
        {
            Assert.True(sigmoid[0] == 1f && sigmoid[1] < 1e-37f && sigmoid[1] >= 0f, $"{name}: sigmoid(±inf) = {sigmoid[0]}, {sigmoid[1]}");
            Assert.True(tanh[0] == 1f && tanh[1] == -1f, $"{name}: tanh(±inf) = {tanh[0]}, {tanh[1]}");
            Assert.True(float.IsNaN(sigmoid[2]) && float.IsNaN(tanh[2]), $"{name}: NaN gave sigmoid {sigmoid[2]}, tanh {tanh[2]}");
        }
    }
}
