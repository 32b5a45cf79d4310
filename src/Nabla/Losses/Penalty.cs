namespace Nabla.Losses;

/// <summary>
/// Weight penalties to add to a loss (Keras's kernel regularizers, as one differentiable scalar):
/// <c>loss = criterion.Forward(y, t) + Penalty.L2(model.Parameters(), 1e-4f)</c>.
/// </summary>
public static class Penalty
{
    /// <summary>L1 penalty λ·Σ|p| over every element of every parameter (Keras's <c>l1</c>).</summary>
    public static Tensor L1(IEnumerable<Tensor> parameters, float lambda) => Total(parameters, lambda, square: false);

    /// <summary>
    /// L2 penalty λ·Σp² over every element of every parameter. This is Keras's <c>l2</c> convention (no ½), so its
    /// gradient 2λp equals SGD weight decay of 2λ; the "½λ‖p‖²" convention corresponds to passing λ/2.
    /// </summary>
    public static Tensor L2(IEnumerable<Tensor> parameters, float lambda) => Total(parameters, lambda, square: true);

    private static Tensor Total(IEnumerable<Tensor> parameters, float lambda, bool square)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Tensor? total = null;
        foreach (var p in parameters)
        {
            var term = (square ? p.Square() : p.Abs()).Sum();
            total = total is null ? term : total.Add(term);
        }
        return (total ?? Tensor.Scalar(0f)).MulScalar(lambda);
    }
}
