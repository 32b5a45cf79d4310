using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>SELU: scale·(max(0, x) + min(0, α(eˣ − 1))) with α ≈ 1.6732632, scale ≈ 1.0507010 (PyTorch's constants).</summary>
    public Tensor Selu() => Unary(UnaryKind.Selu, "selu");

    /// <summary>Mish: x·tanh(ln(1 + eˣ)).</summary>
    public Tensor Mish() => Unary(UnaryKind.Mish, "mish");

    /// <summary>
    /// Hard tanh: x limited to [<paramref name="min"/>, <paramref name="max"/>]. Unlike <see cref="Clamp"/> the gradient
    /// passes only strictly inside (min, max), as PyTorch's hardtanh.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
    public Tensor Hardtanh(float min = -1f, float max = 1f)
    {
        if (min > max) throw new ArgumentException($"hardtanh: min {min} is greater than max {max}");
        return Unary(UnaryKind.Hardtanh, "hardtanh", min, max);
    }

    /// <summary>
    /// PReLU: y = x for x &gt; 0, a·x otherwise, with a learnable slope <paramref name="weight"/> of shape [1] (shared)
    /// or [C] (one per channel, broadcast along dimension 1 of the input). Gradients: dx = g where x &gt; 0 else a·g;
    /// da = Σ g·x over x ≤ 0.
    /// </summary>
    /// <exception cref="ArgumentException">The weight is not [1] or [C] for the input's C channels.</exception>
    public static Tensor Prelu(Tensor input, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 1)
            throw new ArgumentException($"prelu: weight must be [1] or [C], got shape {ShapeMath.Format(weight.Shape)}");
        Tensor slope;
        if (weight.Shape[0] == 1)
        {
            slope = weight.Reshape(ReadOnlySpan<int>.Empty);
        }
        else
        {
            if (input.Rank < 2 || input.Shape[1] != weight.Shape[0])
                throw new ArgumentException(
                    $"prelu: weight of shape {ShapeMath.Format(weight.Shape)} needs an input with {weight.Shape[0]} channels in dimension 1, got input {ShapeMath.Format(input.Shape)}");
            Span<int> shape = stackalloc int[input.Rank - 1];
            shape.Fill(1);
            shape[0] = weight.Shape[0];
            slope = weight.Reshape(shape);
        }
        Tensor positive;
        using (Autograd.NoGrad()) positive = input.Gt(Scalar(0f));
        return Where(positive, input, input.Mul(slope));
    }
}
