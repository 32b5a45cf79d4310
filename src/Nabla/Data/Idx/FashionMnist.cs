namespace Nabla.Data.Idx;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf, 2017): 28×28 greyscale images of 10 clothing classes, 60,000 for
/// training and 10,000 for testing, in the official IDX files (<c>train-images-idx3-ubyte[.gz]</c>,
/// <c>train-labels-idx1-ubyte[.gz]</c>, <c>t10k-…</c>).
/// </summary>
public static class FashionMnist
{
    /// <summary>The folder name looked for under <c>$NABLA_DATA</c>.</summary>
    public const string FolderName = "fashion-mnist";

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The shipped sample's path relative to the repository root.</summary>
    public const string SampleRelativePath = "data/fashion-mnist-sample";

    private static readonly string[] s_classNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The names of the 10 classes, by label.</summary>
    public static IReadOnlyList<string> ClassNames => s_classNames;

    /// <summary>
    /// The shipped sample (3,000 train and 1,000 test images), found by walking up from the application's base
    /// directory and from the current directory to a folder holding <c>data/fashion-mnist-sample</c>; null when
    /// neither walk finds it.
    /// </summary>
    public static string? SampleDirectory
    {
        get
        {
            foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, SampleRelativePath);
                    if (HasSplit(candidate, train: true) && HasSplit(candidate, train: false)) return candidate;
                }
            return null;
        }
    }

    /// <summary>
    /// Loads the training (or test) split as a labeled dataset of [1, 28, 28] images scaled to [0, 1] ([784] when
    /// <paramref name="flatten"/>). The files are looked for, in order, in <paramref name="directory"/> (when given,
    /// it must hold them: there is no fallback), in <c>$NABLA_DATA/fashion-mnist</c>, in Debian's
    /// <see cref="SystemDirectory"/>, and in the shipped sample (<see cref="SampleDirectory"/>); the dataset's
    /// <see cref="IdxDataset.Source"/> says which was used.
    /// </summary>
    /// <exception cref="DataException">No location holds the files, or a file is invalid.</exception>
    public static IdxDataset Load(string? directory = null, bool train = true, bool flatten = false)
    {
        var (found, source) = Locate(directory, train);
        return IdxDataset.Load(FilePath(found, train, images: true), FilePath(found, train, images: false), 10, flatten,
                               28, 28, s_classNames, source);
    }

    /// <summary>The directory <see cref="Load"/> would read the split from, and which kind of location it is.</summary>
    /// <exception cref="DataException">No location holds the files.</exception>
    public static (string Directory, DataSource Source) Locate(string? directory = null, bool train = true)
    {
        if (directory is not null)
        {
            if (HasSplit(directory, train)) return (directory, DataSource.GivenDirectory);
            throw new DataException(
                $"{directory}: no Fashion-MNIST {(train ? "training" : "test")} files here; expected {FileName(train, true)}[.gz] " +
                $"and {FileName(train, false)}[.gz]");
        }
        var tried = new List<string>();
        string? env = Environment.GetEnvironmentVariable("NABLA_DATA");
        if (!string.IsNullOrEmpty(env))
        {
            string candidate = Path.Combine(env, FolderName);
            if (HasSplit(candidate, train)) return (candidate, DataSource.EnvironmentVariable);
            tried.Add(candidate + " ($NABLA_DATA)");
        }
        if (HasSplit(SystemDirectory, train)) return (SystemDirectory, DataSource.SystemPackage);
        tried.Add(SystemDirectory + " (apt-get install dataset-fashion-mnist)");
        if (SampleDirectory is string sample) return (sample, DataSource.ShippedSample);
        tried.Add(SampleRelativePath + " above " + AppContext.BaseDirectory + " or " + Directory.GetCurrentDirectory());
        throw new DataException(
            $"Fashion-MNIST: no {(train ? "training" : "test")} files ({FileName(train, true)}[.gz], {FileName(train, false)}[.gz]) " +
            $"found; looked in {string.Join("; ", tried)}. Pass a directory or set NABLA_DATA.");
    }

    /// <summary>The official file name of a split's images or labels, without <c>.gz</c>.</summary>
    public static string FileName(bool train, bool images) =>
        $"{(train ? "train" : "t10k")}-{(images ? "images-idx3" : "labels-idx1")}-ubyte";

    private static bool HasSplit(string directory, bool train) =>
        FindFile(directory, train, images: true) is not null && FindFile(directory, train, images: false) is not null;

    private static string FilePath(string directory, bool train, bool images) =>
        FindFile(directory, train, images) ?? Path.Combine(directory, FileName(train, images) + ".gz");

    private static string? FindFile(string directory, bool train, bool images)
    {
        string raw = Path.Combine(directory, FileName(train, images));
        if (File.Exists(raw + ".gz")) return raw + ".gz";
        return File.Exists(raw) ? raw : null;
    }
}
