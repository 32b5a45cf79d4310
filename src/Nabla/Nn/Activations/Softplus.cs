namespace Nabla.Nn;

/// <summary>Softplus(x) = (1/β)·log(1 + e^(βx)), and x where βx > threshold.</summary>
public sealed class Softplus(float beta = 1f, float threshold = 20f) : Module
{
    /// <summary>β, the sharpness.</summary>
    public float Beta { get; } = beta;

    /// <summary>Above β·x > threshold the function is linear.</summary>
    public float Threshold { get; } = threshold;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Softplus(Beta, Threshold);

    /// <inheritdoc/>
    protected override string ExtraRepr => $"beta={Beta}, threshold={Threshold}";
}
