using Nabla.Data.Csv;

namespace Nabla.Data.Text;

/// <summary>
/// Labeled texts as token-index sequences: each input is [L] token indices (as floats) padded or truncated
/// to the fixed length L with the vocabulary's padding index; the target is the class index. Read from a
/// delimited file with a text and a label column (<see cref="FromDelimited"/>) or from a folder holding one
/// text file per class with one sample per line (<see cref="FromFolder"/>).
/// </summary>
public sealed class TextClassificationDataset : ILabeledDataset
{
    private readonly int[][] _ids;
    private readonly int[] _labels;
    private readonly int[] _inputShape;
    private readonly TextDatasetOptions _options;

    private TextClassificationDataset(List<List<string>> documents, List<string> labels, string source, ITokenizer tokenizer, TextDatasetOptions options)
    {
        if (options.SequenceLength < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.SequenceLength, "TextClassificationDataset: SequenceLength must be ≥ 1.");
        if (documents.Count == 0) throw new ArgumentException($"TextClassificationDataset: {source} holds no samples.");
        _options = options;
        Tokenizer = tokenizer;
        Vocabulary = options.Vocabulary ?? Vocabulary.Build(documents, options.MinFrequency, options.MaxVocabularySize);
        string[] classes;
        if (options.ClassNames is { } given) classes = given.ToArray();
        else
        {
            classes = labels.Distinct(StringComparer.Ordinal).ToArray();
            Array.Sort(classes, StringComparer.Ordinal);
        }
        var classIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < classes.Length; i++) classIndex[classes[i]] = i;
        _ids = new int[documents.Count][];
        _labels = new int[documents.Count];
        Lengths = new int[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            _ids[i] = Vocabulary.Encode(documents[i]);
            Lengths[i] = Math.Min(_ids[i].Length, options.SequenceLength);
            _labels[i] = classIndex.TryGetValue(labels[i], out int k) ? k
                : throw new DataException($"TextClassificationDataset: {source}, sample {i}: label '{labels[i]}' is not one of the classes [{string.Join(", ", classes)}].");
        }
        ClassNames = classes;
        _inputShape = [options.SequenceLength];
    }

    /// <summary>Builds the dataset from texts and their labels held in memory (e.g. after <see cref="Augment.Eda"/>).</summary>
    public static TextClassificationDataset FromTexts(IReadOnlyList<string> texts, IReadOnlyList<string> labels, ITokenizer tokenizer, TextDatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (texts.Count != labels.Count)
            throw new ArgumentException($"TextClassificationDataset.FromTexts: {texts.Count} texts but {labels.Count} labels; give one label per text.");
        var docs = new List<List<string>>(texts.Count);
        var labelList = new List<string>(labels.Count);
        for (int i = 0; i < texts.Count; i++)
        {
            docs.Add(tokenizer.Tokenize(texts[i] ?? throw new ArgumentException($"TextClassificationDataset.FromTexts: text {i} is null.")));
            labelList.Add(string.IsNullOrEmpty(labels[i]) ? throw new ArgumentException($"TextClassificationDataset.FromTexts: label {i} is empty.") : labels[i]);
        }
        return new TextClassificationDataset(docs, labelList, "in-memory texts", tokenizer, options ?? new TextDatasetOptions());
    }

    /// <summary>Reads a CSV/TSV file with a text column and a label column (by name).</summary>
    public static TextClassificationDataset FromDelimited(string path, string textColumn, string labelColumn, ITokenizer tokenizer, TextDatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        options ??= new TextDatasetOptions();
        var csv = options.Csv ?? new CsvOptions();
        var table = CsvReader.Read(path, new CsvOptions
        {
            Delimiter = csv.Delimiter, HasHeader = csv.HasHeader, Quote = csv.Quote, TrimFields = csv.TrimFields,
            SkipBadRows = csv.SkipBadRows, MissingTokens = [],
            ColumnKinds = new Dictionary<string, ColumnKind> { [textColumn] = ColumnKind.Categorical, [labelColumn] = ColumnKind.Categorical },
        });
        var texts = table.Column(textColumn).Categories;
        var labelValues = table.Column(labelColumn).Categories;
        var docs = new List<List<string>>(texts.Length);
        var labels = new List<string>(texts.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            if (string.IsNullOrEmpty(labelValues[i]))
                throw new DataException($"TextClassificationDataset: {path}, data row {i + 1}: the label column '{labelColumn}' is empty.");
            docs.Add(tokenizer.Tokenize(texts[i] ?? ""));
            labels.Add(labelValues[i]!);
        }
        return new TextClassificationDataset(docs, labels, path, tokenizer, options);
    }

    /// <summary>Reads a folder holding one UTF-8 text file per class (class name = file name without extension,
    /// e.g. <c>root/positive.txt</c>); each non-blank line is one sample.</summary>
    public static TextClassificationDataset FromFolder(string root, ITokenizer tokenizer, TextDatasetOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(tokenizer);
        options ??= new TextDatasetOptions();
        if (!Directory.Exists(root))
            throw new DataException($"TextClassificationDataset: folder '{root}' does not exist; expected one text file per class.");
        var files = Directory.GetFiles(root);
        Array.Sort(files, StringComparer.Ordinal);
        var docs = new List<List<string>>();
        var labels = new List<string>();
        foreach (var file in files)
        {
            string label = Path.GetFileNameWithoutExtension(file);
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                docs.Add(tokenizer.Tokenize(line));
                labels.Add(label);
            }
        }
        if (docs.Count == 0)
            throw new DataException($"TextClassificationDataset: no non-blank line in the files of '{root}'; expected one text file per class, one sample per line.");
        return new TextClassificationDataset(docs, labels, root, tokenizer, options);
    }

    /// <summary>The tokenizer used.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>The vocabulary (built from this data or given).</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The class names by index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Token count of each sample, capped at L (for <see cref="LengthBuckets"/>).</summary>
    public int[] Lengths { get; }

    /// <inheritdoc/>
    public int Count => _labels.Length;

    /// <inheritdoc/>
    public int ClassCount => ClassNames.Count;

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => _inputShape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => [];

    /// <summary>The token indices of sample <paramref name="index"/> before padding.</summary>
    public ReadOnlySpan<int> TokenIds(int index)
    {
        CheckIndex(index);
        return _ids[index];
    }

    /// <inheritdoc/>
    public int LabelOf(int index)
    {
        CheckIndex(index);
        return _labels[index];
    }

    /// <summary>Encodes new text the way samples are encoded (tokenize, vocabulary, pad/truncate to L).</summary>
    public int[] Encode(string text) =>
        Padding.PadOrTruncate(Vocabulary.Encode(Tokenizer.Tokenize(text)), _inputShape[0], Vocabulary.PadIndex, _options.Padding, _options.Truncating);

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        CheckIndex(index);
        int length = _inputShape[0];
        if (input.Length != length || target.Length != 1)
            throw new ArgumentException($"TextClassificationDataset.CopySample: spans of length {input.Length} and {target.Length}, expected [{length}] and 1.");
        Span<int> ids = length <= 1024 ? stackalloc int[length] : new int[length];
        Padding.PadOrTruncate(_ids[index], ids, Vocabulary.PadIndex, _options.Padding, _options.Truncating);
        for (int i = 0; i < length; i++) input[i] = ids[i];
        target[0] = _labels[index];
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)_labels.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"TextClassificationDataset: index outside 0..{_labels.Length - 1}.");
    }
}
