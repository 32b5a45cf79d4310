namespace Nabla.Data.Preprocessing;

/// <summary>How <see cref="SimpleImputer"/> fills a missing value of a column.</summary>
public enum ImputeStrategy
{
    /// <summary>Mean of the column's observed training values.</summary>
    Mean,

    /// <summary>Median of the observed values (mean of the two middle values for an even count, as NumPy).</summary>
    Median,

    /// <summary>Most frequent observed value; ties go to the smallest value (as scikit-learn).</summary>
    MostFrequent,

    /// <summary>A constant given to the imputer.</summary>
    Constant,
}
