namespace Nabla.Training.Metrics;

/// <summary>How per-class precision, recall or F1 are combined (scikit-learn's <c>average</c> argument).</summary>
public enum ClassAverage
{
    /// <summary>Only the positive class (class 1) of a two-class problem.</summary>
    Binary,

    /// <summary>The score of the summed true positives, false positives and false negatives over all classes.</summary>
    Micro,

    /// <summary>The unweighted mean of the per-class scores, over classes that occurred in targets or predictions.</summary>
    Macro,

    /// <summary>The mean of the per-class scores weighted by each class's (weighted) number of true samples.</summary>
    Weighted,
}
