namespace Nabla.Nn;

/// <summary>
/// Dropout (Srivastava et al., 2014), inverted form: in training y = x·m/(1−p) with m ~ Bernoulli(1−p) per element;
/// in evaluation y = x. Randomness from <c>generator</c> (default: the global generator, seeded by
/// <see cref="Generator.ManualSeed"/>).
/// </summary>
public sealed class Dropout : Module
{
    private readonly Generator? _generator;

    /// <summary>Probability of zeroing an element.</summary>
    public float P { get; }

    /// <summary>Creates the layer; 0 ≤ p ≤ 1.</summary>
    public Dropout(float p = 0.5f, Generator? generator = null)
    {
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentException($"Dropout: p must be in [0, 1], got {p}");
        P = p;
        _generator = generator;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Tensor.Dropout(input, P, Training, _generator);

    /// <inheritdoc/>
    protected override string ExtraRepr => $"p={P}";
}
