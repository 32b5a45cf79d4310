namespace Nabla.Optim;

/// <summary>
/// Penalties added to the loss, like Keras's <c>kernel_regularizer</c>: they are built from tensor operations, so
/// their gradients reach the parameters through <see cref="Tensor.Backward(Tensor?, bool)"/>. Add the result to the
/// data loss before calling Backward.
/// </summary>
public static class Regularizers
{
    /// <summary>L1 penalty λ Σ|w| over all elements of all <paramref name="parameters"/> (gradient λ·sign(w)).</summary>
    public static Tensor L1(IEnumerable<Tensor> parameters, float lambda) => Penalty(parameters, lambda, square: false, "L1");

    /// <summary>L2 penalty λ Σw² over all elements of all <paramref name="parameters"/> (gradient 2λw), Keras's <c>l2</c>.</summary>
    public static Tensor L2(IEnumerable<Tensor> parameters, float lambda) => Penalty(parameters, lambda, square: true, "L2");

    private static Tensor Penalty(IEnumerable<Tensor> parameters, float lambda, bool square, string name)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(lambda >= 0))
            throw new ArgumentException($"{name} regularizer: lambda must be non-negative, got {lambda}");
        Tensor? total = null;
        foreach (var p in parameters)
        {
            var term = (square ? p.Square() : p.Abs()).Sum();
            total = total is null ? term : total + term;
        }
        if (total is null)
            throw new ArgumentException($"{name} regularizer: no parameters were given");
        return total * lambda;
    }
}
