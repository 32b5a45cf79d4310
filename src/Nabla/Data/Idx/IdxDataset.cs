namespace Nabla.Data.Idx;

/// <summary>
/// A labeled image dataset read from a pair of IDX files (images [N, H, W] and labels [N], unsigned bytes), kept
/// in memory as bytes (one byte per pixel) and scaled to [0, 1] (value / 255, as torchvision's ToTensor) as each
/// sample is copied. Samples are [1, H, W], or [H·W] when flattened; the target is the class index.
/// </summary>
public sealed class IdxDataset : ILabeledDataset, IPrefetchSamples
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;
    private readonly int[] _inputShape;
    private readonly int _size;
    private readonly string[] _classNames;

    private IdxDataset(IdxArray images, IdxArray labels, int classCount, bool flatten, string[]? classNames, DataSource source)
    {
        _pixels = images.Data;
        _labels = labels.Data;
        int h = images.Dimensions[1], w = images.Dimensions[2];
        _size = h * w;
        _inputShape = flatten ? [h * w] : [1, h, w];
        Count = images.Dimensions[0];
        ClassCount = classCount;
        ImagesPath = images.Path;
        LabelsPath = labels.Path;
        Source = source;
        _classNames = classNames ?? [.. Enumerable.Range(0, classCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// Reads images and labels. Fails with a <see cref="DataException"/> naming the file and position when either
    /// file is invalid (see <see cref="IdxFile.Read"/>), when the counts differ, when a label is not below
    /// <paramref name="classCount"/>, or when the images are not <paramref name="height"/> × <paramref name="width"/>
    /// (0 accepts any size).
    /// </summary>
    public static IdxDataset Load(string imagesPath, string labelsPath, int classCount, bool flatten = false,
                                  int height = 0, int width = 0, string[]? classNames = null)
        => Load(imagesPath, labelsPath, classCount, flatten, height, width, classNames, DataSource.Files);

    internal static IdxDataset Load(string imagesPath, string labelsPath, int classCount, bool flatten,
                                    int height, int width, string[]? classNames, DataSource source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (classNames is not null && classNames.Length != classCount)
            throw new ArgumentException($"IdxDataset: {classNames.Length} class names given for {classCount} classes");
        var images = IdxFile.Read(imagesPath, 3, "images");
        if ((height > 0 && images.Dimensions[1] != height) || (width > 0 && images.Dimensions[2] != width))
            throw new DataException(
                $"{images.Path}: images are {images.Dimensions[1]}x{images.Dimensions[2]} pixels (bytes 8..15 of the header), " +
                $"expected {height}x{width}");
        var labels = IdxFile.Read(labelsPath, 1, "labels");
        if (labels.Dimensions[0] != images.Dimensions[0])
            throw new DataException(
                $"{labels.Path}: holds {labels.Dimensions[0]:N0} labels (header byte 4) but {images.Path} holds " +
                $"{images.Dimensions[0]:N0} images; both files must come from the same split");
        for (int i = 0; i < labels.Data.Length; i++)
            if (labels.Data[i] >= classCount)
                throw new DataException(
                    $"{labels.Path}: label {labels.Data[i]} of sample {i} (byte {8 + i}) is outside 0..{classCount - 1}");
        return new IdxDataset(images, labels, classCount, flatten, classNames, source);
    }

    /// <summary>The images file that was read.</summary>
    public string ImagesPath { get; }

    /// <summary>The labels file that was read.</summary>
    public string LabelsPath { get; }

    /// <summary>Where the files were found.</summary>
    public DataSource Source { get; }

    /// <summary>The name of each class.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public int ClassCount { get; }

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => _inputShape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => [];

    /// <summary>The raw pixels, [Count, H, W] bytes.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The labels, one byte per sample.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <inheritdoc/>
    public int LabelOf(int index) => _labels[index];

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        DatasetChecks.Sample("IdxDataset", index, Count, input.Length, _size, target.Length, 1);
        Kernels.ByteConversion.Divide(_pixels.AsSpan(index * _size, _size), input, 255f);
        target[0] = _labels[index];
    }

    /// <summary>All images as a tensor [Count, 1, H, W] (or [Count, H·W] when flattened), scaled to [0, 1].</summary>
    public Tensor ImagesTensor()
    {
        var t = Tensor.AllocateUnscoped([Count, .. _inputShape]);
        Kernels.ByteConversion.Divide(_pixels, t.ContiguousSpan(), 255f);
        return t;
    }

    /// <inheritdoc/>
    void IPrefetchSamples.PrefetchSample(int index)
    {
        if ((uint)index >= (uint)Count) return;
        unsafe
        {
            fixed (byte* p = &_pixels[index * _size]) Kernels.Prefetch.Lines(p, _size);
        }
    }

    /// <summary>The labels as a tensor [Count] of class indices.</summary>
    public Tensor LabelsTensor()
    {
        var t = Tensor.AllocateUnscoped([Count]);
        var s = t.ContiguousSpan();
        for (int i = 0; i < _labels.Length; i++) s[i] = _labels[i];
        return t;
    }
}
