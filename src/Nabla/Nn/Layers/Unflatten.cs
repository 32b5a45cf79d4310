namespace Nabla.Nn;

/// <summary>Splits dimension <c>dim</c> into <c>sizes</c>: Unflatten(1, [C, H, W]) maps [N, C·H·W] → [N, C, H, W].</summary>
public sealed class Unflatten : Module
{
    private readonly int[] _sizes;

    /// <summary>The dimension that is split.</summary>
    public int Dim { get; }

    /// <summary>The sizes it is split into.</summary>
    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>Creates the layer; the product of <paramref name="sizes"/> must equal the input's size at <paramref name="dim"/>.</summary>
    public Unflatten(int dim, params int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Length == 0)
            throw new ArgumentException("Unflatten: sizes must not be empty");
        Dim = dim;
        _sizes = sizes;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        int d = Dim < 0 ? Dim + input.Rank : Dim;
        long product = 1;
        foreach (int s in _sizes) product *= s;
        if (d < 0 || d >= input.Rank || product != input.Shape[d])
            throw new ArgumentException(
                $"{DisplayName}: cannot split dimension {Dim} of an input of shape {ShapeMath.Format(input.Shape)} into {ShapeMath.Format(_sizes)}");
        var shape = new int[input.Rank - 1 + _sizes.Length];
        input.Shape[..d].CopyTo(shape);
        _sizes.CopyTo(shape, d);
        input.Shape[(d + 1)..].CopyTo(shape.AsSpan(d + _sizes.Length));
        return input.Reshape(shape);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"dim={Dim}, unflattened_size={ShapeMath.Format(_sizes)}";
}
