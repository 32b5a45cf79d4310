namespace Nabla.Losses;

/// <summary>
/// Shape rules shared by the classification losses: scores [N, C, d₁, ...] (or [C] for one sample) against class
/// indices [N, d₁, ...] (or a 0-d index), or against class probabilities of the scores' own shape.
/// </summary>
internal readonly record struct ClassLayout(int Outer, int Classes, int Inner, bool Probabilities)
{
    /// <summary>Number of (sample, position) pairs.</summary>
    public int Positions => Outer * Inner;

    /// <summary>Works out the layout and validates the target's shape (and values, for class indices).</summary>
    public static ClassLayout Of(string name, Tensor input, Tensor target, bool allowProbabilities, int ignoreIndex)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (input.Rank == 0)
            throw new ArgumentException($"{name}: input must be [N, C, ...] or [C], got a 0-dimensional tensor");
        int classes = input.Rank == 1 ? input.Shape[0] : input.Shape[1];
        int outer = input.Rank == 1 ? 1 : input.Shape[0];
        int inner = classes == 0 || outer == 0 ? 0 : input.Numel / (outer * classes);
        if (allowProbabilities && target.Shape.SequenceEqual(input.Shape))
            return new ClassLayout(outer, classes, inner, true);
        bool indexShape = target.Rank == input.Rank - 1;
        for (int d = 0; indexShape && d < target.Rank; d++)
            indexShape = target.Shape[d] == input.Shape[d == 0 ? 0 : d + 1];
        if (!indexShape)
            throw new ArgumentException(
                $"{name}: target of shape {ShapeMath.Format(target.Shape)} does not fit input of shape {ShapeMath.Format(input.Shape)}; " +
                $"expected class indices of shape {ShapeMath.Format(IndexShape(input))}" +
                (allowProbabilities ? $" or class probabilities of shape {ShapeMath.Format(input.Shape)}" : ""));
        var layout = new ClassLayout(outer, classes, inner, false);
        layout.CheckIndices(name, target, ignoreIndex);
        return layout;
    }

    /// <summary>Validates a [C] class-weight vector.</summary>
    public void CheckWeight(string name, Tensor? weight)
    {
        if (weight is not null && (weight.Rank != 1 || weight.Shape[0] != Classes))
            throw new ArgumentException(
                $"{name}: class weight must be [{Classes}] (one per class), got shape {ShapeMath.Format(weight.Shape)}");
    }

    private void CheckIndices(string name, Tensor target, int ignoreIndex)
    {
        var values = target.IsContiguous ? target.Detach().ContiguousSpan() : target.Detach().Contiguous().ContiguousSpan();
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (v == ignoreIndex || (v >= 0 && v < Classes && v == MathF.Floor(v))) continue;
            var at = new int[target.Rank];
            ShapeMath.Unravel(i, target.Shape, at);
            throw new ArgumentException(
                $"{name}: target {v} at position {ShapeMath.Format(at)} is not a class index for {Classes} classes " +
                $"(expected a whole number in 0..{Classes - 1}, or ignoreIndex {ignoreIndex})");
        }
    }

    private static int[] IndexShape(Tensor input)
    {
        if (input.Rank == 1) return [];
        var shape = new int[input.Rank - 1];
        shape[0] = input.Shape[0];
        for (int d = 2; d < input.Rank; d++) shape[d - 1] = input.Shape[d];
        return shape;
    }
}
