using System.Numerics.Tensors;

namespace Nabla.Optim;

/// <summary>
/// Gradient clipping utilities, PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>.
/// Both change the gradients in place; parameters without a gradient are skipped.
/// </summary>
public static class GradClip
{
    /// <summary>
    /// Rescales the gradients so that their global norm ‖(‖g₁‖ₚ, ‖g₂‖ₚ, ...)‖ₚ = ‖g‖ₚ is at most
    /// <paramref name="maxNorm"/>: every gradient is multiplied by min(1, maxNorm / (‖g‖ₚ + 10⁻⁶)).
    /// Returns the total norm before clipping.
    /// </summary>
    /// <param name="parameters">Parameters whose <see cref="Tensor.Grad"/> is clipped.</param>
    /// <param name="maxNorm">Largest allowed norm (positive).</param>
    /// <param name="normType">p ≥ 1, or <see cref="double.PositiveInfinity"/> for the largest magnitude.</param>
    /// <param name="errorIfNonfinite">Throw when the total norm is NaN or infinite.</param>
    /// <exception cref="ArgumentOutOfRangeException">maxNorm is not positive or normType is below 1.</exception>
    /// <exception cref="InvalidOperationException">The norm is not finite and <paramref name="errorIfNonfinite"/> is set.</exception>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm > 0))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "clip_grad_norm: maxNorm must be positive");
        if (!(normType >= 1))
            throw new ArgumentOutOfRangeException(nameof(normType), normType, "clip_grad_norm: normType must be at least 1 (or infinity)");
        double acc = 0;
        foreach (var p in parameters)
            if (p.Grad is Tensor g) Accumulate(g, normType, ref acc);
        double total = Finish(acc, normType);
        if (errorIfNonfinite && !double.IsFinite(total))
            throw new InvalidOperationException(
                $"clip_grad_norm: the total norm of order {normType} is {total}; the gradients contain NaN or infinity");
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1)
            foreach (var p in parameters)
                p.Grad?.MulInPlace((float)coef);
        return total;
    }

    /// <summary>Clamps every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">clipValue is not positive.</exception>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue > 0))
            throw new ArgumentOutOfRangeException(nameof(clipValue), clipValue, "clip_grad_value: clipValue must be positive");
        foreach (var p in parameters)
            if (p.Grad is Tensor g) ClampInPlace(g, (float)clipValue);
    }

    /// <summary>Clamps a contiguous gradient in place to [−c, c].</summary>
    internal static void ClampInPlace(Tensor g, float c)
    {
        var s = RequireContiguous(g);
        TensorPrimitives.Min(s, c, s);
        TensorPrimitives.Max(s, -c, s);
    }

    /// <summary>Adds ‖g‖ₚᵖ (or, for p = ∞, takes the maximum magnitude) into <paramref name="acc"/>.</summary>
    internal static void Accumulate(Tensor g, double normType, ref double acc)
    {
        var s = RequireContiguous(g);
        if (double.IsPositiveInfinity(normType))
        {
            if (s.Length > 0) acc = Math.Max(acc, Math.Abs(TensorPrimitives.MaxMagnitude(s)));
            return;
        }
        if (normType == 2)
        {
            double sum = 0;
            foreach (float v in s) sum += (double)v * v;
            acc += sum;
            return;
        }
        if (normType == 1)
        {
            double sum = 0;
            foreach (float v in s) sum += Math.Abs(v);
            acc += sum;
            return;
        }
        double total = 0;
        foreach (float v in s) total += Math.Pow(Math.Abs(v), normType);
        acc += total;
    }

    /// <summary>Turns an accumulated sum of |g|ᵖ into the norm.</summary>
    internal static double Finish(double acc, double normType) =>
        double.IsPositiveInfinity(normType) ? acc : normType == 1 ? acc : normType == 2 ? Math.Sqrt(acc) : Math.Pow(acc, 1 / normType);

    private static Span<float> RequireContiguous(Tensor g)
    {
        if (!g.IsContiguous)
            throw new InvalidOperationException($"gradient clipping: a gradient of shape {ShapeMath.Format(g.Shape)} is not contiguous");
        return g.ContiguousSpan();
    }
}
