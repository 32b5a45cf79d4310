namespace MlpFashionMnist;

/// <summary>One split of Fashion-MNIST held as raw bytes: 28x28 images and labels 0-9.</summary>
public sealed class FashionMnistSplit
{
    public const int Side = 28;
    public const int Pixels = Side * Side;
    public const int Classes = 10;

    public required byte[] Images { get; init; }
    public required byte[] Labels { get; init; }
    public int Count => Labels.Length;

    /// <summary>Loads <c>{prefix}-images-idx3-ubyte.gz</c> and <c>{prefix}-labels-idx1-ubyte.gz</c> from <paramref name="directory"/>.</summary>
    public static FashionMnistSplit Load(string directory, string prefix)
    {
        string imagesPath = Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz");
        string labelsPath = Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz");
        var (pixels, count, _, _) = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath, Classes);
        if (labels.Length != count)
            throw new DataException(
                $"{directory}: '{prefix}' split has {count:N0} images but {labels.Length:N0} labels; the two files must match");
        return new FashionMnistSplit { Images = pixels, Labels = labels };
    }
}

/// <summary>Where the data came from and the two splits.</summary>
public sealed record FashionMnist(string Directory, string Description, FashionMnistSplit Train, FashionMnistSplit Test)
{
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";
    public const string SampleRelative = "data/fashion-mnist-sample";

    /// <summary>
    /// The directory given on the command line; else the full dataset at <see cref="SystemDirectory"/> when it is
    /// installed; else the sample shipped in the repository, found under the current directory or in the folder
    /// holding Nabla.sln above the program's own directory.
    /// </summary>
    public static FashionMnist Locate(string? argument)
    {
        if (argument is not null)
        {
            if (!System.IO.Directory.Exists(argument))
                throw new DataException($"{argument}: no such directory (give a folder holding the four Fashion-MNIST IDX files)");
            return Load(argument, "directory given on the command line");
        }
        if (File.Exists(Path.Combine(SystemDirectory, "train-images-idx3-ubyte.gz")))
            return Load(SystemDirectory, "full Fashion-MNIST (installed copy)");

        var tried = new List<string>();
        string fromCwd = Path.GetFullPath(SampleRelative);
        tried.Add(fromCwd);
        if (System.IO.Directory.Exists(fromCwd)) return Load(fromCwd, "shipped sample (3,000/1,000, class-balanced)");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Nabla.sln"))) continue;
            string sample = Path.Combine(dir.FullName, SampleRelative);
            tried.Add(sample);
            if (System.IO.Directory.Exists(sample)) return Load(sample, "shipped sample (3,000/1,000, class-balanced)");
            break;
        }
        throw new DataException(
            $"no Fashion-MNIST data found: pass a directory as the first argument, install the dataset at {SystemDirectory}, " +
            $"or run from the repository (tried {SystemDirectory}, {string.Join(", ", tried)})");
    }

    private static FashionMnist Load(string directory, string description) =>
        new(Path.GetFullPath(directory), description,
            FashionMnistSplit.Load(directory, "train"), FashionMnistSplit.Load(directory, "t10k"));
}
