namespace Nabla.Training.Metrics;

/// <summary>
/// Shared machinery of <see cref="Precision"/>, <see cref="Recall"/> and <see cref="F1Score"/>: a streamed
/// confusion matrix, a per-class score from true positives (TP), false positives (FP) and false negatives (FN),
/// and scikit-learn's averaging (<see cref="ClassAverage"/>). When a score's denominator is zero (for example the
/// precision of a class that is never predicted) it is <see cref="ZeroDivision"/>, 0 by default, like
/// scikit-learn's <c>zero_division</c> (which also warns).
/// </summary>
public abstract class ClassScoreMetric : Metric
{
    private readonly ConfusionAccumulator _confusion;
    private readonly ClassAverage? _average;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="average">How classes combine; null picks <see cref="ClassAverage.Binary"/> for two classes
    /// (binary scores or <c>[N, 2]</c>) and <see cref="ClassAverage.Macro"/> otherwise.</param>
    /// <param name="threshold">For binary scores: probability above which a sample is predicted positive.</param>
    /// <param name="fromLogits">For binary scores: whether they are logits (the sigmoid is applied first).</param>
    /// <param name="zeroDivision">The value of a score whose denominator is zero.</param>
    protected ClassScoreMetric(string name, ClassAverage? average, double threshold, bool fromLogits, double zeroDivision) : base(name)
    {
        _confusion = new ConfusionAccumulator(threshold, fromLogits);
        _average = average;
        ZeroDivision = zeroDivision;
    }

    /// <summary>The averaging requested in the constructor (null: chosen from the number of classes).</summary>
    public ClassAverage? Average => _average;

    /// <summary>The value of a per-class (or micro) score whose denominator is zero.</summary>
    public double ZeroDivision { get; }

    /// <inheritdoc/>
    public override void Reset() => _confusion.Reset();

    /// <inheritdoc/>
    public override void Update(Tensor prediction, Tensor target, Tensor? sampleWeight = null)
    {
        if (_average == ClassAverage.Binary && ConfusionAccumulator.ClassesOf(Name, prediction) is var classes and not 2)
            throw new ArgumentException(
                $"{Name}: average Binary needs two classes but predictions of shape {ShapeMath.Format(prediction.Shape)} have {classes}; use Macro, Micro or Weighted");
        _confusion.Update(Name, prediction, target, sampleWeight);
    }

    /// <summary>The score of one class from its weighted TP, FP and FN (NaN-free; zero denominators give <see cref="ZeroDivision"/>).</summary>
    protected abstract double Score(double truePositives, double falsePositives, double falseNegatives);

    /// <summary>The score of class <paramref name="c"/> over everything seen so far.</summary>
    public double ClassScore(int c)
    {
        if (!_confusion.HasData) return double.NaN;
        if ((uint)c >= (uint)_confusion.Classes)
            throw new ArgumentOutOfRangeException(nameof(c), $"{Name}: class {c} is not in [0, {_confusion.Classes - 1}]");
        return Score(_confusion.TruePositives(c), _confusion.FalsePositives(c), _confusion.FalseNegatives(c));
    }

    /// <inheritdoc/>
    public override double Result()
    {
        if (!_confusion.HasData) return double.NaN;
        int classes = _confusion.Classes;
        switch (_average ?? (classes == 2 ? ClassAverage.Binary : ClassAverage.Macro))
        {
            case ClassAverage.Binary:
                return ClassScore(1);
            case ClassAverage.Micro:
                double tp = 0, fp = 0, fn = 0;
                for (int c = 0; c < classes; c++)
                {
                    tp += _confusion.TruePositives(c);
                    fp += _confusion.FalsePositives(c);
                    fn += _confusion.FalseNegatives(c);
                }
                return Score(tp, fp, fn);
            case ClassAverage.Macro:
                double sum = 0;
                int count = 0;
                for (int c = 0; c < classes; c++)
                {
                    if (!_confusion.Occurred(c)) continue;
                    sum += ClassScore(c);
                    count++;
                }
                return count > 0 ? sum / count : ZeroDivision;
            default:
                double weighted = 0, support = 0;
                for (int c = 0; c < classes; c++)
                {
                    double s = _confusion.TruePositives(c) + _confusion.FalseNegatives(c);
                    if (s > 0) weighted += s * ClassScore(c);
                    support += s;
                }
                return support > 0 ? weighted / support : ZeroDivision;
        }
    }

    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/>, or <see cref="ZeroDivision"/> when the denominator is 0.</summary>
    protected double Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : ZeroDivision;
}
