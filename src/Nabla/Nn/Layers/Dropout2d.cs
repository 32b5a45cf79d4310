namespace Nabla.Nn;

/// <summary>
/// Channel dropout for [N, C, H, W] (or [C, H, W]): in training each whole channel is zeroed with probability p and
/// the rest scaled by 1/(1−p); identity in evaluation.
/// </summary>
public sealed class Dropout2d : Module
{
    private readonly Generator? _generator;

    /// <summary>Probability of zeroing a channel.</summary>
    public float P { get; }

    /// <summary>Creates the layer; 0 ≤ p ≤ 1.</summary>
    public Dropout2d(float p = 0.5f, Generator? generator = null)
    {
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentException($"Dropout2d: p must be in [0, 1], got {p}");
        P = p;
        _generator = generator;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        InputCheck.Rank(this, input, "[N, C, H, W] or [C, H, W]", 3, 4);
        return Tensor.Dropout2d(input, P, Training, _generator);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"p={P}";
}
