namespace Nabla.Losses;

/// <summary>How a loss turns per-element losses into its result (PyTorch's <c>reduction</c> argument).</summary>
public enum Reduction
{
    /// <summary>No reduction: one loss per element (per position for classification losses).</summary>
    None,
    /// <summary>The mean of the per-element losses (weighted mean for class-weighted classification losses).</summary>
    Mean,
    /// <summary>The sum of the per-element losses.</summary>
    Sum,
    /// <summary>The sum divided by the batch size (dimension 0), the mathematically correct KL divergence; KL divergence only.</summary>
    BatchMean,
}
