namespace Nabla.Training.Metrics;

/// <summary>
/// Precision, <c>TP / (TP + FP)</c> per class, averaged as <see cref="ClassAverage"/> says (Keras / scikit-learn
/// "precision"). A class never predicted has precision <see cref="ClassScoreMetric.ZeroDivision"/> (0 by default).
/// </summary>
public sealed class Precision : ClassScoreMetric
{
    /// <summary>Creates the metric; see <see cref="ClassScoreMetric"/> for the arguments.</summary>
    public Precision(ClassAverage? average = null, double threshold = 0.5, bool fromLogits = false, double zeroDivision = 0, string name = "precision")
        : base(name, average, threshold, fromLogits, zeroDivision)
    {
    }

    /// <inheritdoc/>
    protected override double Score(double truePositives, double falsePositives, double falseNegatives) =>
        Ratio(truePositives, truePositives + falsePositives);
}
