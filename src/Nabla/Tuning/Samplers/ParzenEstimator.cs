namespace Nabla.Tuning.Samplers;

/// <summary>
/// A one-dimensional Parzen window density on [low, high] (Bergstra et al., 2011): an equal-weight mixture of
/// Gaussians truncated to the range, one at each observation plus a prior N((low+high)/2, high − low). Each
/// observation's bandwidth is the larger distance to its neighbours (the bounds count as neighbours), clipped to
/// [(high − low) / min(100, 1 + n), high − low].
/// </summary>
internal sealed class ParzenEstimator
{
    private readonly double[] _mus;
    private readonly double[] _sigmas;
    private readonly double[] _logNormalizers;
    private readonly double _low;
    private readonly double _high;

    public ParzenEstimator(IReadOnlyList<double> observations, double low, double high)
    {
        _low = low;
        _high = high;
        double range = Math.Max(high - low, 1e-12);
        var sorted = observations.Select(x => Math.Clamp(x, low, high)).Order().ToArray();
        int n = sorted.Length;
        _mus = new double[n + 1];
        _sigmas = new double[n + 1];
        double minSigma = range / Math.Min(100.0, 1.0 + n);
        for (int i = 0; i < n; i++)
        {
            double left = sorted[i] - (i == 0 ? low : sorted[i - 1]);
            double right = (i == n - 1 ? high : sorted[i + 1]) - sorted[i];
            _mus[i] = sorted[i];
            _sigmas[i] = Math.Clamp(Math.Max(left, right), minSigma, range);
        }
        _mus[n] = low + (high - low) / 2;
        _sigmas[n] = range;
        _logNormalizers = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            double mass = NormalCdf((high - _mus[i]) / _sigmas[i]) - NormalCdf((low - _mus[i]) / _sigmas[i]);
            _logNormalizers[i] = Math.Log(Math.Max(mass, 1e-300)) + Math.Log(_sigmas[i] * Math.Sqrt(2 * Math.PI));
        }
    }

    /// <summary>One draw: a component chosen uniformly, then its truncated Gaussian (rejection sampling).</summary>
    public double Sample(Generator rng)
    {
        int k = rng.NextInt(_mus.Length);
        for (int attempt = 0; attempt < 100; attempt++)
        {
            double x = _mus[k] + _sigmas[k] * rng.NextNormal();
            if (x >= _low && x <= _high)
                return x;
        }
        return _low + rng.NextDouble() * (_high - _low);
    }

    /// <summary>log density at <paramref name="x"/>.</summary>
    public double LogPdf(double x)
    {
        double max = double.NegativeInfinity;
        Span<double> terms = _mus.Length <= 256 ? stackalloc double[_mus.Length] : new double[_mus.Length];
        for (int i = 0; i < _mus.Length; i++)
        {
            double z = (x - _mus[i]) / _sigmas[i];
            terms[i] = -0.5 * z * z - _logNormalizers[i];
            max = Math.Max(max, terms[i]);
        }
        double sum = 0;
        foreach (double t in terms)
            sum += Math.Exp(t - max);
        return max + Math.Log(sum / _mus.Length);
    }

    /// <summary>Φ(z), the standard normal distribution function.</summary>
    internal static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>Complementary error function (Numerical Recipes' Chebyshev fit, relative error &lt; 1.2e-7).</summary>
    internal static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                   t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
