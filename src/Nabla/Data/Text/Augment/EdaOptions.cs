namespace Nabla.Data.Text.Augment;

/// <summary>Parameters of <see cref="Eda"/>, with the defaults of the EDA paper's code (Wei and Zou, 2019).</summary>
public sealed class EdaOptions
{
    /// <summary>Fraction of words changed by synonym replacement: n = max(1, ⌊α·len⌋) (default 0.1; 0 disables).</summary>
    public double AlphaSr { get; init; } = 0.1;

    /// <summary>Fraction of words inserted by random insertion (default 0.1; 0 disables).</summary>
    public double AlphaRi { get; init; } = 0.1;

    /// <summary>Fraction of words swapped by random swap (default 0.1; 0 disables).</summary>
    public double AlphaRs { get; init; } = 0.1;

    /// <summary>Probability of deleting each word in random deletion (default 0.1; 0 disables).</summary>
    public double PRd { get; init; } = 0.1;

    /// <summary>Augmented sentences per original (default 9). A value below 1 keeps each generated sentence
    /// with probability NumAug / generated (the paper's code).</summary>
    public double NumAug { get; init; } = 9;
}
