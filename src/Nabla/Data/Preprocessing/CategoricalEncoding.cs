namespace Nabla.Data.Preprocessing;

/// <summary>How <see cref="TabularPreprocessor"/> turns a categorical column into features.</summary>
public enum CategoricalEncoding
{
    /// <summary>One feature per category (<see cref="OneHotEncoder"/>).</summary>
    OneHot,

    /// <summary>One feature holding the category code 0..K−1 (<see cref="LabelEncoder"/>).</summary>
    Label,
}

/// <summary>What the target column of a table means.</summary>
public enum TargetKind
{
    /// <summary>Classification for a categorical target column, regression for a numeric one.</summary>
    Auto,

    /// <summary>Class labels, label-encoded to 0..K−1 (numeric labels sorted numerically, text ordinally).</summary>
    Classification,

    /// <summary>A real value copied as is.</summary>
    Regression,
}
