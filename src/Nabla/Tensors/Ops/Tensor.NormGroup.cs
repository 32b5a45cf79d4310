namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Group normalization (PyTorch's <c>F.group_norm</c>): the C channels of an [N, C, ...] input are split into
    /// <paramref name="groups"/> groups of C/groups channels, and each (sample, group) slice is normalized with its own
    /// mean and biased variance, y = (x − μ)/√(σ² + eps)·γ_c + β_c with per-channel γ, β of shape [C].
    /// Shares layer norm's fused row kernels (γ, β are spread over each channel's spatial positions).
    /// </summary>
    /// <exception cref="ArgumentException">The input is not [N, C, ...], C is not divisible by the group count, or weight/bias is not [C].</exception>
    public static unsafe Tensor GroupNorm(Tensor input, int groups, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 2)
            throw new ArgumentException($"group_norm: input must be [N, C, ...], got shape {ShapeMath.Format(input.Shape)}");
        int n = input.Shape[0], c = input.Shape[1];
        if (groups <= 0 || c % groups != 0)
            throw new ArgumentException(
                $"group_norm: the {c} channels of input {ShapeMath.Format(input.Shape)} cannot be split into {groups} groups; use a group count that divides {c}");
        foreach (var t in (ReadOnlySpan<Tensor?>)[weight, bias])
            if (t is not null && (t.Rank != 1 || t.Shape[0] != c))
                throw new ArgumentException(
                    $"group_norm: {(ReferenceEquals(t, weight) ? "weight" : "bias")} must be [{c}] (one value per channel of input {ShapeMath.Format(input.Shape)}), got shape {ShapeMath.Format(t.Shape)}");
        int spatial = n == 0 || c == 0 ? 0 : input.Numel / (n * c);
        int d = c / groups * spatial;
        return RowNorm("group_norm", input, n * groups, d, eps, weight, bias,
                       SpreadChannels(weight, c, spatial), SpreadChannels(bias, c, spatial), groups, spatial);
    }

    /// <summary>A [C, spatial] tensor repeating each channel's value, or null.</summary>
    private static unsafe Tensor? SpreadChannels(Tensor? perChannel, int c, int spatial)
    {
        if (perChannel is null) return null;
        var result = Allocate([c, Math.Max(spatial, 1)]);
        var dst = result.ContiguousSpan();
        for (int ch = 0; ch < c; ch++) dst.Slice(ch * spatial, spatial).Fill(perChannel[ch]);
        return result;
    }
}
