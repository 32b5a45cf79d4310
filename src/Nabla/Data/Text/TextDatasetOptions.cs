using Nabla.Data.Csv;

namespace Nabla.Data.Text;

/// <summary>Options of <see cref="TextClassificationDataset"/>.</summary>
public sealed class TextDatasetOptions
{
    /// <summary>Fixed sequence length L of every sample (default 64).</summary>
    public int SequenceLength { get; init; } = 64;

    /// <summary>Where short sequences are padded (default at the end).</summary>
    public SequenceEnd Padding { get; init; } = SequenceEnd.Post;

    /// <summary>Where long sequences are cut (default at the end).</summary>
    public SequenceEnd Truncating { get; init; } = SequenceEnd.Post;

    /// <summary>A vocabulary to use (e.g. the training set's, for a test set); null builds one from this data.</summary>
    public Vocabulary? Vocabulary { get; init; }

    /// <summary>Minimum token frequency when the vocabulary is built (default 1).</summary>
    public int MinFrequency { get; init; } = 1;

    /// <summary>Maximum vocabulary size, specials included, when it is built (null = unlimited).</summary>
    public int? MaxVocabularySize { get; init; }

    /// <summary>The class names to use (e.g. the training set's); null takes the sorted labels found in this data.
    /// A label not in the given list is an error.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Options for reading a delimited file (delimiter, header, quoting); missing-value tokens are not
    /// applied to text.</summary>
    public CsvOptions? Csv { get; init; }
}
