namespace Nabla.Optim;

/// <summary>Weight constraints applied after an optimizer step (Keras's kernel_constraint).</summary>
public static class Constraints
{
    /// <summary>
    /// Max-norm constraint, like <c>torch.renorm(w, 2, dim, maxNorm)</c> applied in place: every slice
    /// wᵢ = w.Select(dim, i) whose L2 norm exceeds <paramref name="maxNorm"/> is scaled by maxNorm / (‖wᵢ‖ + 10⁻⁷).
    /// For a Linear weight [out, in], dim 0 bounds the incoming weight vector of each output unit (Keras's
    /// <c>MaxNorm(axis=0)</c> on its [in, out] kernel). Not recorded by autograd.
    /// </summary>
    /// <exception cref="ArgumentException">The weight is not contiguous, is a scalar, or maxNorm is not positive.</exception>
    public static void MaxNorm(Tensor weight, float maxNorm, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (!(maxNorm > 0))
            throw new ArgumentException($"MaxNorm: maxNorm must be positive, got {maxNorm}");
        if (weight.Rank == 0 || !weight.IsContiguous)
            throw new ArgumentException($"MaxNorm: weight of shape {ShapeMath.Format(weight.Shape)} must be a contiguous tensor with at least one dimension");
        int axis = ShapeMath.NormalizeAxis(dim, weight.Rank, "MaxNorm");
        var shape = weight.Shape;
        int size = shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.Length; d++) inner *= shape[d];
        int outer = size == 0 || inner == 0 ? 0 : weight.Numel / (size * inner);
        var data = weight.ContiguousSpan();
        Span<double> norms = size <= 256 ? stackalloc double[size] : new double[size];
        norms.Clear();
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < size; i++)
            {
                var run = data.Slice((o * size + i) * inner, inner);
                double s = 0;
                foreach (float v in run) s += (double)v * v;
                norms[i] += s;
            }
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < size; i++)
            {
                double norm = Math.Sqrt(norms[i]);
                if (norm <= maxNorm) continue;
                float factor = (float)(maxNorm / (norm + 1e-7));
                var run = data.Slice((o * size + i) * inner, inner);
                for (int j = 0; j < run.Length; j++) run[j] *= factor;
            }
    }
}
