namespace Nabla.Nn;

/// <summary>Input validation shared by layers: every message names the layer, what it expected and what it got.</summary>
internal static class InputCheck
{
    /// <summary>Requires one of the given ranks.</summary>
    internal static void Rank(Module layer, Tensor input, string expected, params ReadOnlySpan<int> ranks)
    {
        foreach (int r in ranks)
            if (input.Rank == r)
                return;
        throw new ArgumentException(
            $"{layer.DisplayName}: expected input of shape {expected}, got {ShapeMath.Format(input.Shape)} (rank {input.Rank})");
    }

    /// <summary>Requires dimension <paramref name="dim"/> (negative from the end) to equal <paramref name="size"/>.</summary>
    internal static void Size(Module layer, Tensor input, int dim, int size, string what)
    {
        int d = dim < 0 ? input.Rank + dim : dim;
        if (d < 0 || d >= input.Rank || input.Shape[d] != size)
            throw new ArgumentException(
                $"{layer.DisplayName}: expected {what} = {size} (dimension {d}), got input of shape {ShapeMath.Format(input.Shape)}");
    }
}
