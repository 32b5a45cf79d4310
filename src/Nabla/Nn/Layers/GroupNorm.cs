namespace Nabla.Nn;

/// <summary>
/// Group normalization (Wu &amp; He, 2018): the C channels of [N, C, ...] are split into G groups and each
/// (sample, group) is normalized, y = (x − μ)/√(σ² + ε)·γ_c + β_c (biased variance), γ = 1, β = 0 of shape [C].
/// </summary>
public sealed class GroupNorm : Module
{
    /// <summary>Number of groups G.</summary>
    public int NumGroups { get; }

    /// <summary>Number of channels C (divisible by G).</summary>
    public int NumChannels { get; }

    /// <summary>ε added to the variance.</summary>
    public float Eps { get; }

    /// <summary>γ, shape [C], or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>β, shape [C], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Creates the layer; <paramref name="numChannels"/> must be divisible by <paramref name="numGroups"/>.</summary>
    public GroupNorm(int numGroups, int numChannels, float eps = 1e-5f, bool affine = true)
    {
        if (numGroups <= 0 || numChannels <= 0 || numChannels % numGroups != 0)
            throw new ArgumentException($"GroupNorm: numChannels ({numChannels}) must be a positive multiple of numGroups ({numGroups})");
        NumGroups = numGroups;
        NumChannels = numChannels;
        Eps = eps;
        if (affine)
        {
            Weight = Init.Ones(CreateParameter(numChannels));
            Bias = CreateParameter(numChannels);
        }
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank < 2)
            throw new ArgumentException($"{DisplayName}: expected input of shape [N, C, ...], got {ShapeMath.Format(input.Shape)}");
        InputCheck.Size(this, input, 1, NumChannels, "channels (num_channels)");
        return Tensor.GroupNorm(input, NumGroups, Weight, Bias, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"{NumGroups}, {NumChannels}, eps={Eps}, affine={Weight is not null}";
}
