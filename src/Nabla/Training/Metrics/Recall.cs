namespace Nabla.Training.Metrics;

/// <summary>
/// Recall, <c>TP / (TP + FN)</c> per class, averaged as <see cref="ClassAverage"/> says (Keras / scikit-learn
/// "recall"). A class absent from the targets has recall <see cref="ClassScoreMetric.ZeroDivision"/> (0 by default).
/// </summary>
public sealed class Recall : ClassScoreMetric
{
    /// <summary>Creates the metric; see <see cref="ClassScoreMetric"/> for the arguments.</summary>
    public Recall(ClassAverage? average = null, double threshold = 0.5, bool fromLogits = false, double zeroDivision = 0, string name = "recall")
        : base(name, average, threshold, fromLogits, zeroDivision)
    {
    }

    /// <inheritdoc/>
    protected override double Score(double truePositives, double falsePositives, double falseNegatives) =>
        Ratio(truePositives, truePositives + falseNegatives);
}
