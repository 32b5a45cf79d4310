using Nabla.Data;

namespace Nabla.Tuning.Progressive;

/// <summary>
/// Another dataset's images [C, H, W] resized to [C, h, w] on the fly by bilinear interpolation with PyTorch's
/// <c>align_corners=False</c> convention: output pixel (i, j) samples the source at ((i + ½)·H/h − ½, (j + ½)·W/w − ½),
/// clamped to the image (no antialiasing, like <c>F.interpolate(mode="bilinear")</c>). Halving a size this way
/// averages each 2×2 block exactly, i.e. equals 2×2 average pooling. Targets pass through. Made by <see cref="Create"/>,
/// which keeps the labels when the source has them.
/// </summary>
public class ResizedDataset : IDataset
{
    private readonly int[] _inputShape;
    private readonly int _channels, _sourceHeight, _sourceWidth;
    private readonly ThreadLocal<float[]> _buffer;

    private protected ResizedDataset(IDataset source, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(source);
        var shape = source.InputShape;
        if (shape.Length != 3)
            throw new ArgumentException($"ResizedDataset: inputs must be images [C, H, W], got {ShapeMath.Format(shape)}");
        if (height < 1 || width < 1)
            throw new ArgumentException($"ResizedDataset: the target size must be positive, got {height}×{width}");
        Source = source;
        (_channels, _sourceHeight, _sourceWidth) = (shape[0], shape[1], shape[2]);
        _inputShape = [_channels, height, width];
        int sourceSize = _channels * _sourceHeight * _sourceWidth;
        _buffer = new ThreadLocal<float[]>(() => new float[sourceSize]);
    }

    /// <summary>Resizes <paramref name="source"/>'s images to <paramref name="height"/>×<paramref name="width"/>; labeled sources stay labeled.</summary>
    public static ResizedDataset Create(IDataset source, int height, int width) =>
        source is ILabeledDataset labeled ? new LabeledResizedDataset(labeled, height, width) : new ResizedDataset(source, height, width);

    /// <summary>The dataset being resized.</summary>
    public IDataset Source { get; }

    /// <inheritdoc/>
    public int Count => Source.Count;

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => _inputShape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => Source.TargetShape;

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        var full = _buffer.Value!;
        Source.CopySample(index, full, target);
        int h = _inputShape[1], w = _inputShape[2];
        if (h == _sourceHeight && w == _sourceWidth)
        {
            full.AsSpan(0, input.Length).CopyTo(input);
            return;
        }
        Resize(full, _channels, _sourceHeight, _sourceWidth, input, h, w);
    }

    /// <summary>Bilinear resize (align_corners=False) of [C, H, W] <paramref name="src"/> into [C, h, w] <paramref name="dst"/>.</summary>
    public static void Resize(ReadOnlySpan<float> src, int channels, int height, int width, Span<float> dst, int h, int w)
    {
        double sy = (double)height / h, sx = (double)width / w;
        for (int i = 0; i < h; i++)
        {
            double y = Math.Max((i + 0.5) * sy - 0.5, 0);
            int y0 = Math.Min((int)y, height - 1), y1 = Math.Min(y0 + 1, height - 1);
            float fy = (float)(y - y0);
            for (int j = 0; j < w; j++)
            {
                double x = Math.Max((j + 0.5) * sx - 0.5, 0);
                int x0 = Math.Min((int)x, width - 1), x1 = Math.Min(x0 + 1, width - 1);
                float fx = (float)(x - x0);
                for (int c = 0; c < channels; c++)
                {
                    int plane = c * height * width;
                    float top = src[plane + y0 * width + x0] * (1 - fx) + src[plane + y0 * width + x1] * fx;
                    float bottom = src[plane + y1 * width + x0] * (1 - fx) + src[plane + y1 * width + x1] * fx;
                    dst[c * h * w + i * w + j] = top * (1 - fy) + bottom * fy;
                }
            }
        }
    }
}

/// <summary>A <see cref="ResizedDataset"/> of a labeled dataset.</summary>
public sealed class LabeledResizedDataset : ResizedDataset, ILabeledDataset
{
    private readonly ILabeledDataset _labeled;

    /// <summary>Resizes <paramref name="source"/>'s images.</summary>
    public LabeledResizedDataset(ILabeledDataset source, int height, int width) : base(source, height, width) => _labeled = source;

    /// <inheritdoc/>
    public int ClassCount => _labeled.ClassCount;

    /// <inheritdoc/>
    public int LabelOf(int index) => _labeled.LabelOf(index);
}
