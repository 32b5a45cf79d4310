namespace Nabla.Data.Images;

/// <summary>
/// Images stored one sub-folder per class, like torchvision's ImageFolder: <c>root/cat/001.png</c>,
/// <c>root/dog/xyz.jpg</c>. Class names are the sub-folder names sorted ordinally and numbered from 0; files
/// (<c>.png</c>, <c>.jpg</c>, <c>.jpeg</c>, <c>.bmp</c>, any case) are sorted ordinally within each class; other
/// files are ignored, and a class folder without any image is an error (as torchvision).
/// Each sample is decoded on demand in <see cref="CopySample"/> (see <see cref="ImageDecoder"/>), resized
/// bilinearly to [H, W] (<see cref="BilinearResize"/>) and laid out [C, H, W] with values in [0, 1]; the target
/// is the class index. With <c>cache: true</c> decoded samples are kept in memory after their first use.
/// </summary>
public sealed class ImageFolderDataset : ILabeledDataset
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];
    private readonly string[] _files;
    private readonly int[] _labels;
    private readonly int[] _inputShape;
    private readonly float[]?[]? _cache;

    /// <summary>Indexes the images under <paramref name="root"/> (no image is decoded yet).</summary>
    public ImageFolderDataset(string root, int height, int width, ColorMode mode = ColorMode.Rgb, bool cache = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (height < 1 || width < 1)
            throw new ArgumentOutOfRangeException(nameof(height), $"ImageFolderDataset: size {height}×{width} must be positive.");
        if (!Enum.IsDefined(mode)) throw new ArgumentException($"ImageFolderDataset: unknown color mode {(int)mode}.", nameof(mode));
        if (!Directory.Exists(root))
            throw new DataException($"ImageFolderDataset: folder '{root}' does not exist; give a folder with one sub-folder of images per class.");
        var classDirs = Directory.GetDirectories(root);
        Array.Sort(classDirs, StringComparer.Ordinal);
        var files = new List<string>();
        var labels = new List<int>();
        var classes = new List<string>();
        foreach (var dir in classDirs)
        {
            var images = Directory.GetFiles(dir).Where(IsImage).ToArray();
            Array.Sort(images, StringComparer.Ordinal);
            if (images.Length == 0)
                throw new DataException(
                    $"ImageFolderDataset: class folder '{dir}' holds no image ({string.Join(", ", Extensions)}); remove it or add images (every sub-folder of '{root}' is a class).");
            foreach (var f in images) { files.Add(f); labels.Add(classes.Count); }
            classes.Add(Path.GetFileName(dir));
        }
        if (files.Count == 0)
            throw new DataException($"ImageFolderDataset: no images ({string.Join(", ", Extensions)}) in the sub-folders of '{root}'; expected root/<class>/<image>.");
        _files = files.ToArray();
        _labels = labels.ToArray();
        ClassNames = classes;
        Mode = mode;
        _inputShape = [(int)mode, height, width];
        _cache = cache ? new float[]?[_files.Length] : null;
    }

    /// <summary>The class names (the sub-folders), by class index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The image files, by sample index.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Grayscale or RGB.</summary>
    public ColorMode Mode { get; }

    /// <inheritdoc/>
    public int Count => _files.Length;

    /// <inheritdoc/>
    public int ClassCount => ClassNames.Count;

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => _inputShape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => [];

    /// <inheritdoc/>
    public int LabelOf(int index)
    {
        CheckIndex(index);
        return _labels[index];
    }

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        CheckIndex(index);
        int size = _inputShape[0] * _inputShape[1] * _inputShape[2];
        if (input.Length != size || target.Length != 1)
            throw new ArgumentException($"ImageFolderDataset.CopySample: spans of length {input.Length} and {target.Length}, expected [{string.Join(", ", _inputShape)}] = {size} and 1.");
        target[0] = _labels[index];
        if (_cache?[index] is { } cached)
        {
            cached.CopyTo(input);
            return;
        }
        var pixels = ImageDecoder.Decode(_files[index], Mode, out int h, out int w);
        BilinearResize.ToPlanar(pixels, h, w, (int)Mode, input, _inputShape[1], _inputShape[2]);
        if (_cache is not null) Volatile.Write(ref _cache[index], input.ToArray());
    }

    private static bool IsImage(string path)
    {
        string ext = Path.GetExtension(path);
        foreach (var e in Extensions) if (ext.Equals(e, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)_files.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"ImageFolderDataset: index outside 0..{_files.Length - 1}.");
    }
}
