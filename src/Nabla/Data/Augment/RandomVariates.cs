namespace Nabla.Data.Augment;

/// <summary>Draws from continuous distributions on a <see cref="Generator"/>.</summary>
public static class RandomVariates
{
    /// <summary>
    /// A Gamma(shape, 1) draw by Marsaglia and Tsang's method (2000): with d = shape − 1/3 and c = 1/√(9d), draw
    /// x ~ N(0, 1) and v = (1 + c·x)³ until u &lt; 1 − 0.0331·x⁴ or ln u &lt; x²/2 + d·(1 − v + ln v), and return d·v.
    /// A shape below 1 uses Gamma(shape + 1)·u^(1/shape).
    /// </summary>
    public static double Gamma(Generator rng, double shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(shape > 0) || double.IsInfinity(shape))
            throw new ArgumentOutOfRangeException(nameof(shape), $"Gamma: shape must be positive and finite, got {shape}");
        if (shape < 1)
        {
            double u = 1.0 - rng.NextDouble();
            return Gamma(rng, shape + 1) * Math.Pow(u, 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0, c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x = rng.NextNormal();
            double v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1.0 - rng.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>A Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a) and Y ~ Gamma(b).</summary>
    public static double Beta(Generator rng, double a, double b)
    {
        double x = Gamma(rng, a), y = Gamma(rng, b);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    /// <summary>Uniform draw in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static double Uniform(Generator rng, double low, double high) => low + (high - low) * rng.NextDouble();
}
