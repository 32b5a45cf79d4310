namespace Nabla.Nn;

/// <summary>
/// A height and width for 2-D layer arguments (kernel, stride, padding, dilation). Converts implicitly from an int
/// (the same for both) and from a tuple, so <c>kernel: 3</c> and <c>kernel: (3, 5)</c> both work.
/// </summary>
public readonly record struct Size2(int H, int W)
{
    /// <summary>The same value for height and width.</summary>
    public static implicit operator Size2(int both) => new(both, both);

    /// <summary>(height, width).</summary>
    public static implicit operator Size2((int H, int W) pair) => new(pair.H, pair.W);

    /// <summary>As a tuple, the form the tensor ops take.</summary>
    public (int, int) Tuple => (H, W);

    /// <inheritdoc/>
    public override string ToString() => H == W ? $"{H}" : $"({H}, {W})";
}
