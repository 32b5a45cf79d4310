namespace Nabla.Nn;

/// <summary>Batch normalization of [N, C] or [N, C, L] inputs; see <see cref="BatchNorm"/> for the formula.</summary>
public sealed class BatchNorm1d(int numFeatures, float eps = 1e-5f, float momentum = 0.1f, bool affine = true, bool trackRunningStats = true)
    : BatchNorm(numFeatures, eps, momentum, affine, trackRunningStats)
{
    private static readonly int[] Ranks = [2, 3];

    /// <inheritdoc/>
    protected override (string Expected, int[] Ranks) InputRanks => ("[N, C] or [N, C, L]", Ranks);
}
