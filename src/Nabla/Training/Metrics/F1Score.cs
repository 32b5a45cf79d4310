namespace Nabla.Training.Metrics;

/// <summary>
/// F1 score, the harmonic mean of precision and recall, computed per class as
/// <c>2·TP / (2·TP + FP + FN)</c> (scikit-learn's form, equal to <c>2PR / (P + R)</c>) and averaged as
/// <see cref="ClassAverage"/> says; macro F1 is the mean of the per-class F1 scores, not the F1 of the mean
/// precision and recall. A class with no TP, FP or FN scores <see cref="ClassScoreMetric.ZeroDivision"/>.
/// </summary>
public sealed class F1Score : ClassScoreMetric
{
    /// <summary>Creates the metric; see <see cref="ClassScoreMetric"/> for the arguments.</summary>
    public F1Score(ClassAverage? average = null, double threshold = 0.5, bool fromLogits = false, double zeroDivision = 0, string name = "f1_score")
        : base(name, average, threshold, fromLogits, zeroDivision)
    {
    }

    /// <inheritdoc/>
    protected override double Score(double truePositives, double falsePositives, double falseNegatives) =>
        Ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
}
