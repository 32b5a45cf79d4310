using Nabla.Cli.Config;
using Nabla.Data;
using Nabla.Data.Augment;
using Nabla.Data.Csv;
using Nabla.Data.Idx;
using Nabla.Data.Images;
using Nabla.Data.Preprocessing;
using Nabla.Data.Splits;
using Nabla.Data.Text;

namespace Nabla.Cli.Running;

/// <summary>
/// The datasets of a run. <see cref="Train"/>, <see cref="Validation"/> and <see cref="Test"/> are raw (images in
/// [0, 1], for plots); <see cref="ForModel"/> gives the normalized view the model sees.
/// </summary>
public sealed class LoadedData
{
    private LoadedData(DataConfig config, IDataset train, IDataset? validation, IDataset? test, IReadOnlyList<string> classNames,
                       float[]? mean, float[]? std, string source)
    {
        Config = config;
        Train = train;
        Validation = validation;
        Test = test;
        ClassNames = classNames;
        Mean = mean;
        Std = std;
        Source = source;
    }

    /// <summary>The data section this came from.</summary>
    public DataConfig Config { get; }

    /// <summary>Training samples (after the validation split and the sample cap).</summary>
    public IDataset Train { get; }

    /// <summary>Validation samples, or null.</summary>
    public IDataset? Validation { get; }

    /// <summary>Test samples, or null.</summary>
    public IDataset? Test { get; }

    /// <summary>Class names (empty for regression).</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Per-channel normalization means, or null.</summary>
    public float[]? Mean { get; }

    /// <summary>Per-channel normalization standard deviations, or null.</summary>
    public float[]? Std { get; }

    /// <summary>The fitted preprocessing of a CSV dataset (null for images).</summary>
    public TabularPreprocessor? Preprocessor { get; private init; }

    /// <summary>How sentences are encoded (text data only, else null).</summary>
    public TextInput? Text { get; private init; }

    /// <summary>Where the data came from, for the log and the summary.</summary>
    public string Source { get; }

    /// <summary>Shape of one input sample.</summary>
    public int[] InputShape => Train.InputShape.ToArray();

    /// <summary>The normalized view of <paramref name="data"/> (itself when there is no normalization).</summary>
    public IDataset ForModel(IDataset data) => Mean is null ? data : NormalizedDataset.Create(data, Mean, Std!);

    /// <summary>
    /// The training-time augmentation: the configured steps, then normalization; null when there is neither. It is
    /// applied to the raw training data (<see cref="Train"/>, not <see cref="ForModel"/>'s view, which would normalize twice);
    /// <paramref name="normalize"/> false leaves normalization out, for data that is already <see cref="ForModel"/>'s view.
    /// </summary>
    public IAugmentation? TrainingAugmentation(bool normalize = true)
    {
        var steps = new List<IAugmentation>(Config.Augmentation);
        if (normalize && Mean is not null)
            steps.Add(new Normalize(Mean, Std!));
        return steps.Count switch
        {
            0 => null,
            1 => steps[0],
            _ => new Compose([.. steps]),
        };
    }

    /// <summary>Loads the data of <paramref name="config"/>.</summary>
    /// <exception cref="CliException">A file or folder is missing or invalid.</exception>
    public static LoadedData Load(DataConfig config, ulong seed)
    {
        try
        {
            return config.Dataset switch
            {
                "fashion-mnist" => LoadFashionMnist(config, seed),
                "image-folder" => LoadImageFolder(config, seed),
                "text" => LoadText(config, seed),
                _ => LoadCsv(config, seed),
            };
        }
        catch (Exception ex) when (ex is DataException or IOException or UnauthorizedAccessException)
        {
            throw new CliException($"data: {ex.Message}", ExitCodes.Failure, ex);
        }
    }

    private static LoadedData LoadFashionMnist(DataConfig config, ulong seed)
    {
        var train = FashionMnist.Load(config.Path, train: true);
        IDataset? test = config.UseTest ? Cap(FashionMnist.Load(config.Path, train: false), config.MaxTestSamples) : null;
        return Finish(config, train, test, FashionMnist.ClassNames, seed, $"Fashion-MNIST ({train.Source}: {Path.GetDirectoryName(train.ImagesPath)})");
    }

    private static LoadedData LoadImageFolder(DataConfig config, ulong seed)
    {
        var mode = config.Color == "rgb" ? ColorMode.Rgb : ColorMode.Grayscale;
        var train = new ImageFolderDataset(config.Path!, config.Size[0], config.Size[1], mode, cache: true);
        IDataset? test = config.UseTest && config.TestPath is not null
            ? Cap(new ImageFolderDataset(config.TestPath, config.Size[0], config.Size[1], mode, cache: true), config.MaxTestSamples)
            : null;
        return Finish(config, train, test, train.ClassNames, seed, $"image folder {config.Path}");
    }

    private static LoadedData LoadCsv(DataConfig config, ulong seed)
    {
        var options = new CsvOptions { TargetColumn = config.Target, TargetIndex = config.Target is null ? -1 : null };
        var table = CsvReader.Read(config.Path!, options);
        var pre = new TabularPreprocessor();
        var train = pre.FitTransform(table);
        IDataset? test = config.UseTest && config.TestPath is not null
            ? Cap(pre.Transform(CsvReader.Read(config.TestPath, options)), config.MaxTestSamples)
            : null;
        var loaded = Finish(config, train, test, pre.ClassNames, seed, $"CSV {config.Path}");
        return new LoadedData(config, loaded.Train, loaded.Validation, loaded.Test, loaded.ClassNames, null, null, loaded.Source) { Preprocessor = pre };
    }

    private static LoadedData LoadText(DataConfig config, ulong seed)
    {
        var (texts, labels) = ReadTsv(config.Path!);
        var train = TextClassificationDataset.FromTexts(texts, labels, TextInput.Tokenizer, TextInput.Options(config.MaxLength, config.MinFrequency));
        IDataset? test = null;
        if (config.UseTest && config.TestPath is not null)
        {
            var (testTexts, testLabels) = ReadTsv(config.TestPath);
            var options = TextInput.Options(config.MaxLength, config.MinFrequency, train.Vocabulary, train.ClassNames);
            test = Cap(TextClassificationDataset.FromTexts(testTexts, testLabels, TextInput.Tokenizer, options), config.MaxTestSamples);
        }
        var loaded = Finish(config, train, test, train.ClassNames, seed, $"text {config.Path} ({train.Vocabulary.Count} words)");
        return new LoadedData(config, loaded.Train, loaded.Validation, loaded.Test, loaded.ClassNames, null, null, loaded.Source)
        {
            Text = new TextInput(train.Vocabulary, config.MaxLength),
        };
    }

    /// <summary>Reads <c>label&lt;TAB&gt;text</c> lines (blank lines skipped); a line without a tab or label is a usage error naming it.</summary>
    private static (List<string> Texts, List<string> Labels) ReadTsv(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"data: {path}: no such file; expected label<TAB>text lines", ExitCodes.Usage);
        var texts = new List<string>();
        var labels = new List<string>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            int tab = line.IndexOf('\t');
            if (tab < 0)
                throw new CliException($"data: {path}, line {number}: no tab; expected label<TAB>text", ExitCodes.Usage);
            string label = line[..tab].Trim();
            if (label.Length == 0)
                throw new CliException($"data: {path}, line {number}: empty label before the tab; expected label<TAB>text", ExitCodes.Usage);
            labels.Add(label);
            texts.Add(line[(tab + 1)..]);
        }
        if (texts.Count == 0)
            throw new CliException($"data: {path}: no label<TAB>text line", ExitCodes.Usage);
        return (texts, labels);
    }

    private static LoadedData Finish(DataConfig config, IDataset all, IDataset? test, IReadOnlyList<string> classes, ulong seed, string source)
    {
        IDataset pool = Cap(all, config.MaxTrainSamples);
        IDataset train = pool;
        IDataset? validation = null;
        if (config.ValidationSplit > 0)
        {
            int n = pool.Count, valCount = (int)(n * config.ValidationSplit);
            if (valCount == 0 || valCount == n)
                throw new CliException($"data.validation_split: {config.ValidationSplit} of {n} samples leaves an empty training or validation set", ExitCodes.Usage);
            if (config.Stratified && pool is ILabeledDataset)
                (train, validation) = Split.TrainValidation(pool, config.ValidationSplit, stratified: true, seed: seed);
            else
            {
                train = Subset.Create(pool, Enumerable.Range(0, n - valCount).ToArray());
                validation = Subset.Create(pool, Enumerable.Range(n - valCount, valCount).ToArray());
            }
        }
        float[]? mean = config.Mean, std = config.Std;
        if (config.Normalization == "auto" && config.IsImage)
            (mean, std) = ChannelStatistics(train);
        if (mean is not null && config.IsImage && mean.Length != train.InputShape[0])
            throw new CliException($"data.normalization: {mean.Length} means for images of {train.InputShape[0]} channels; give one mean and std per channel", ExitCodes.Usage);
        return new LoadedData(config, train, validation, test, classes, mean, std, source);
    }

    private static IDataset Cap(IDataset data, int? max) =>
        max is int m && m < data.Count ? Subset.Create(data, Enumerable.Range(0, m).ToArray()) : data;

    /// <summary>Per-channel mean and standard deviation of (up to 10,000 of) the training images.</summary>
    private static (float[] Mean, float[] Std) ChannelStatistics(IDataset data)
    {
        var shape = data.InputShape;
        int channels = shape[0], plane = 1;
        for (int i = 1; i < shape.Length; i++) plane *= shape[i];
        var input = new float[channels * plane];
        var target = new float[Math.Max(1, ShapeSize(data.TargetShape))];
        var sum = new double[channels];
        var sumSq = new double[channels];
        int n = Math.Min(data.Count, 10_000);
        for (int i = 0; i < n; i++)
        {
            data.CopySample(i, input, target);
            for (int c = 0; c < channels; c++)
                for (int p = 0; p < plane; p++)
                {
                    double v = input[c * plane + p];
                    sum[c] += v;
                    sumSq[c] += v * v;
                }
        }
        var mean = new float[channels];
        var std = new float[channels];
        double count = (double)n * plane;
        for (int c = 0; c < channels; c++)
        {
            double mu = sum[c] / count;
            mean[c] = (float)mu;
            std[c] = (float)Math.Max(Math.Sqrt(Math.Max(sumSq[c] / count - mu * mu, 0)), 1e-6);
        }
        return (mean, std);
    }

    private static int ShapeSize(ReadOnlySpan<int> shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }
}
