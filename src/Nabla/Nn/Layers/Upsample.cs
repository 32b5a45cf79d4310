namespace Nabla.Nn;

/// <summary>
/// Nearest-neighbour upsampling of [N, C, H, W]: y[n, c, i, j] = x[n, c, ⌊i·H/H_out⌋, ⌊j·W/W_out⌋], to a fixed size
/// or by a scale factor (one of the two).
/// </summary>
public sealed class Upsample : Module
{
    /// <summary>The output size, or null when a scale factor is used.</summary>
    public Size2? Size { get; }

    /// <summary>The scale factor (height, width), or null when a size is used.</summary>
    public (float H, float W)? ScaleFactor { get; }

    /// <summary>Upsamples to a fixed output size.</summary>
    public Upsample(Size2 size) => Size = size;

    /// <summary>Upsamples by <paramref name="scaleFactor"/> in both dimensions.</summary>
    public Upsample(float scaleFactor) : this((scaleFactor, scaleFactor)) { }

    /// <summary>Upsamples by (height, width) factors.</summary>
    public Upsample((float H, float W) scaleFactor)
    {
        if (!(scaleFactor.H > 0 && scaleFactor.W > 0))
            throw new ArgumentException($"Upsample: scale factors must be positive, got ({scaleFactor.H}, {scaleFactor.W})");
        ScaleFactor = scaleFactor;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        InputCheck.Rank(this, input, "[N, C, H, W]", 4);
        return Tensor.UpsampleNearest2d(input, Size?.Tuple, ScaleFactor);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => Size is { } s ? $"size={s}, mode='nearest'" : $"scale_factor={ScaleFactor}, mode='nearest'";
}
