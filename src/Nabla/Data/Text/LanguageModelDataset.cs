namespace Nabla.Data.Text;

/// <summary>
/// Next-token prediction over a token stream: sample i takes the window of L tokens starting at
/// <c>i · stride</c> as input and the same window shifted by one token as target, so the target is a vector
/// [L] of class indices (input[t + 1] = target[t] inside a window). Count = ⌊(N − 1 − L) / stride⌋ + 1.
/// </summary>
public sealed class LanguageModelDataset : IDataset
{
    private readonly int[] _tokens;
    private readonly int[] _shape;

    /// <summary>Creates windows of <paramref name="sequenceLength"/> over <paramref name="tokens"/>, every
    /// <paramref name="stride"/> tokens (default: non-overlapping, stride = L).</summary>
    public LanguageModelDataset(int[] tokens, int sequenceLength, int? stride = null, Vocabulary? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (sequenceLength < 1) throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, "LanguageModelDataset: sequenceLength must be ≥ 1.");
        int s = stride ?? sequenceLength;
        if (s < 1) throw new ArgumentOutOfRangeException(nameof(stride), s, "LanguageModelDataset: stride must be ≥ 1.");
        if (tokens.Length < sequenceLength + 1)
            throw new ArgumentException($"LanguageModelDataset: a stream of {tokens.Length} tokens is too short for one window of {sequenceLength} inputs plus the next token; use a shorter sequenceLength or more text.", nameof(tokens));
        _tokens = tokens;
        _shape = [sequenceLength];
        Stride = s;
        Vocabulary = vocabulary;
        Count = (tokens.Length - 1 - sequenceLength) / s + 1;
    }

    /// <summary>Tokenizes the UTF-8 text file at <paramref name="path"/> line by line (appending
    /// <paramref name="endOfLine"/> after each line unless null) and builds a vocabulary when none is given.</summary>
    public static LanguageModelDataset FromFile(string path, ITokenizer tokenizer, int sequenceLength, Vocabulary? vocabulary = null,
        int? stride = null, string? endOfLine = "<eos>", int minFrequency = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (!File.Exists(path)) throw new DataException($"LanguageModelDataset: file '{path}' does not exist.");
        var stream = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            stream.AddRange(tokenizer.Tokenize(line));
            if (endOfLine is not null) stream.Add(endOfLine);
        }
        if (stream.Count == 0) throw new DataException($"LanguageModelDataset: file '{path}' holds no tokens; expected UTF-8 text.");
        vocabulary ??= Vocabulary.Build([stream], minFrequency, null,
            endOfLine is null ? null : [Vocabulary.DefaultPad, Vocabulary.DefaultUnk, endOfLine]);
        return new LanguageModelDataset(vocabulary.Encode(stream), sequenceLength, stride, vocabulary);
    }

    /// <summary>The vocabulary of the stream, when known.</summary>
    public Vocabulary? Vocabulary { get; }

    /// <summary>Tokens between window starts.</summary>
    public int Stride { get; }

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => _shape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => _shape;

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"LanguageModelDataset: index outside 0..{Count - 1}.");
        int length = _shape[0];
        if (input.Length != length || target.Length != length)
            throw new ArgumentException($"LanguageModelDataset.CopySample: spans of length {input.Length} and {target.Length}, expected [{length}] and [{length}].");
        int start = index * Stride;
        for (int t = 0; t < length; t++)
        {
            input[t] = _tokens[start + t];
            target[t] = _tokens[start + t + 1];
        }
    }
}
