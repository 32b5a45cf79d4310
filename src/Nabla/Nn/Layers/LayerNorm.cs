namespace Nabla.Nn;

/// <summary>
/// Layer normalization (Ba et al., 2016) over the last dimensions given by normalizedShape:
/// y = (x − E[x])/√(Var[x] + ε)·γ + β, statistics per sample (biased variance), γ = 1 and β = 0 of shape
/// normalizedShape when elementwise affine. Same in training and evaluation.
/// </summary>
public sealed class LayerNorm : Module
{
    private readonly int[] _normalizedShape;

    /// <summary>The trailing shape normalized over.</summary>
    public IReadOnlyList<int> NormalizedShape => _normalizedShape;

    /// <summary>ε added to the variance.</summary>
    public float Eps { get; }

    /// <summary>γ, or null without affine parameters.</summary>
    public Tensor? Weight { get; }

    /// <summary>β, or null without affine parameters (or without bias).</summary>
    public Tensor? Bias { get; }

    /// <summary>Normalizes over the last dimension of size <paramref name="normalizedSize"/>.</summary>
    public LayerNorm(int normalizedSize, float eps = 1e-5f, bool elementwiseAffine = true, bool bias = true)
        : this([normalizedSize], eps, elementwiseAffine, bias) { }

    /// <summary>Normalizes over the trailing dimensions <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int[] normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || Array.Exists(normalizedShape, s => s <= 0))
            throw new ArgumentException($"LayerNorm: normalizedShape must be non-empty and positive, got {ShapeMath.Format(normalizedShape)}");
        _normalizedShape = normalizedShape;
        Eps = eps;
        if (elementwiseAffine)
        {
            Weight = Init.Ones(CreateParameter(normalizedShape));
            if (bias)
                Bias = CreateParameter(normalizedShape);
        }
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        int k = _normalizedShape.Length;
        if (input.Rank < k || !ShapeMath.SameShape(input.Shape[(input.Rank - k)..], _normalizedShape))
            throw new ArgumentException(
                $"{DisplayName}: expected input of shape [..., {string.Join(", ", _normalizedShape)}], got {ShapeMath.Format(input.Shape)}");
        return Tensor.LayerNorm(input, _normalizedShape, Weight, Bias, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"{ShapeMath.Format(_normalizedShape)}, eps={Eps}, elementwise_affine={Weight is not null}";
}
