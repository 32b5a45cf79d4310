using System.Globalization;

namespace Nabla.Tuning.Validation;

/// <summary>
/// One metric across folds (or ensemble members, or seeds): its values, their mean and their <em>sample</em> standard
/// deviation s = √(Σ(xᵢ − x̄)² / (n − 1)) (ddof = 1, like pandas' <c>std</c> and scikit-learn users' usual report;
/// numpy's default ddof = 0 would be smaller by √((n−1)/n)). With one value the deviation is 0. NaN values are skipped.
/// </summary>
/// <param name="Name">The metric name.</param>
/// <param name="Values">The per-fold values.</param>
public sealed record MetricSummary(string Name, IReadOnlyList<double> Values)
{
    /// <summary>Mean of the non-NaN values (NaN when there are none).</summary>
    public double Mean
    {
        get
        {
            double sum = 0;
            int n = 0;
            foreach (double v in Values)
                if (!double.IsNaN(v)) { sum += v; n++; }
            return n == 0 ? double.NaN : sum / n;
        }
    }

    /// <summary>Sample standard deviation (ddof 1) of the non-NaN values; 0 for a single value, NaN for none.</summary>
    public double Std
    {
        get
        {
            double mean = Mean, ss = 0;
            int n = 0;
            foreach (double v in Values)
                if (!double.IsNaN(v)) { ss += (v - mean) * (v - mean); n++; }
            return n == 0 ? double.NaN : n == 1 ? 0 : Math.Sqrt(ss / (n - 1));
        }
    }

    /// <summary><c>name: mean ± std</c> with four decimals.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name}: {Mean:F4} ± {Std:F4}");
}
