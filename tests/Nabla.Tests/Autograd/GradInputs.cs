namespace Nabla.Tests.Autograd;

/// <summary>
/// Deterministic inputs for gradient checks. Every helper draws from its own seeded <see cref="Generator"/> (never
/// the shared default, which other tests reseed), and returns a leaf with RequiresGrad set.
/// </summary>
internal static class GradInputs
{
    /// <summary>Standard normal values.</summary>
    public static Tensor Normal(ulong seed, params int[] shape) =>
        Leaf(Tensor.Normal(shape, generator: new Generator(seed)));

    /// <summary>Uniform values in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor Uniform(ulong seed, float low, float high, params int[] shape) =>
        Leaf(Tensor.Uniform(shape, low, high, new Generator(seed)));

    /// <summary>Uniform values in [0.5, 2): inside the domain of log, sqrt, rsqrt, fractional powers and division.</summary>
    public static Tensor Positive(ulong seed, params int[] shape) => Uniform(seed, 0.5f, 2f, shape);

    /// <summary>Normal values (scale 1.5) pushed at least 0.1 away from every kink, so central differences stay on one side.</summary>
    public static Tensor AwayFrom(ulong seed, float[] kinks, params int[] shape) =>
        Leaf(Tensor.FromArray(AwayValues(seed, kinks, Numel(shape)), shape));

    /// <summary>Normal values kept at least 0.1 away from zero (for abs, relu, division ...).</summary>
    public static Tensor NonZero(ulong seed, params int[] shape) => AwayFrom(seed, [0f], shape);

    /// <summary>
    /// A shuffled grid k·0.1 + <paramref name="phase"/>: no two values within 0.1 of each other, so max/min and
    /// their ties are stable under a ±1e-3 perturbation. Grids with phases 0 and 0.05 never meet.
    /// </summary>
    public static Tensor Distinct(ulong seed, float phase, params int[] shape) => Leaf(DistinctRaw(seed, phase, shape));

    /// <summary>Like <see cref="Distinct"/> but without RequiresGrad (to build views from).</summary>
    public static Tensor DistinctRaw(ulong seed, float phase, params int[] shape)
    {
        int n = Numel(shape);
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (i - n / 2) * 0.1f + phase;
        new Generator(seed).Shuffle(values.AsSpan());
        return Tensor.FromArray(values, shape);
    }

    /// <summary>A [rows, cols] leaf that is the transpose of a contiguous [cols, rows] tensor (strides [1, rows]).</summary>
    public static Tensor Transposed(ulong seed, int rows, int cols, float[]? kinks = null, bool positive = false) =>
        Leaf(Make(seed, positive, kinks, cols, rows).T);

    /// <summary>A [rows, cols] leaf taken with step 2 along the last dimension of a [rows, 2·cols] tensor (strides [2·cols, 2]).</summary>
    public static Tensor Strided(ulong seed, int rows, int cols, float[]? kinks = null, bool positive = false) =>
        Leaf(Make(seed, positive, kinks, rows, 2 * cols).Slice(1, 1, 2 * cols, 2));

    /// <summary>A [rows, cols] leaf taken with step 2 along the first dimension (strides [2·cols, 1]: rows with gaps).</summary>
    public static Tensor RowStrided(ulong seed, int rows, int cols) =>
        Leaf(Make(seed, false, null, 2 * rows, cols).Slice(0, 0, 2 * rows, 2));

    /// <summary>Fails the test with the worst element when analytic and numeric gradients disagree.</summary>
    public static void Check(Func<Tensor[], Tensor> function, params Tensor[] inputs)
    {
        foreach (var x in inputs) Assert.True(x.IsLeaf && x.RequiresGrad, "gradient-check inputs must be grad leaves");
        var result = GradCheck.Run(function, inputs);
        Assert.True(result.Passed, result.ToString());
        int total = 0;
        foreach (var x in inputs) total += x.Numel;
        Assert.Equal(total, result.Checked);
    }

    public static Tensor Leaf(Tensor t)
    {
        t.RequiresGrad = true;
        return t;
    }

    public static Tensor Indices(float[] values, params int[] shape) => Tensor.FromArray(values, shape);

    private static Tensor Make(ulong seed, bool positive, float[]? kinks, params int[] shape)
    {
        if (positive) return Tensor.Uniform(shape, 0.5f, 2f, new Generator(seed));
        if (kinks is not null) return Tensor.FromArray(AwayValues(seed, kinks, Numel(shape)), shape);
        return Tensor.Normal(shape, generator: new Generator(seed));
    }

    private static float[] AwayValues(ulong seed, float[] kinks, int n)
    {
        var g = new Generator(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++)
        {
            float v = (float)(1.5 * g.NextNormal());
            for (int guard = 0; guard < 100; guard++)
            {
                bool near = false;
                foreach (float k in kinks) near |= MathF.Abs(v - k) < 0.1f;
                if (!near) break;
                v += 0.13f;
            }
            values[i] = v;
        }
        return values;
    }

    private static int Numel(int[] shape)
    {
        int n = 1;
        foreach (int s in shape) n *= s;
        return n;
    }
}
