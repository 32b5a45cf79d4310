namespace Nabla.Data.Augment;

/// <summary>Reads a sample shape as an image [C, H, W] (a [H, W] sample is one channel) and checks the span.</summary>
internal static class ImageLayout
{
    public static (int Channels, int Height, int Width) Of(ReadOnlySpan<int> shape, int length, string op)
    {
        (int c, int h, int w) = shape.Length switch
        {
            3 => (shape[0], shape[1], shape[2]),
            2 => (1, shape[0], shape[1]),
            _ => throw new ArgumentException(
                $"{op}: expects an image sample [C, H, W] or [H, W], got shape {ShapeMath.Format(shape)}; " +
                "load images unflattened (e.g. [1, 28, 28] rather than [784])"),
        };
        if ((long)c * h * w != length)
            throw new ArgumentException($"{op}: the sample span holds {length} values but shape {ShapeMath.Format(shape)} has {(long)c * h * w}");
        return (c, h, w);
    }
}

/// <summary>A per-thread scratch buffer for augmentations that need a copy of the sample they overwrite.</summary>
internal static class AugmentScratch
{
    [ThreadStatic] private static float[]? t_buffer;

    /// <summary>A span of <paramref name="length"/> floats owned by the calling thread until its next call.</summary>
    public static Span<float> Get(int length)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < length) t_buffer = buffer = new float[Math.Max(length, 1024)];
        return buffer.AsSpan(0, length);
    }
}
