namespace Nabla.Data.Text;

/// <summary>
/// A token ↔ index map. Special tokens come first (by default <c>&lt;pad&gt;</c> = 0 and <c>&lt;unk&gt;</c> = 1);
/// then the corpus tokens by decreasing frequency, ties in ordinal order (torchtext's build_vocab_from_iterator
/// order). Tokens rarer than the minimum
/// frequency or beyond the maximum size are left out and encode to the unknown token.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The default padding token.</summary>
    public const string DefaultPad = "<pad>";

    /// <summary>The default unknown (out-of-vocabulary) token.</summary>
    public const string DefaultUnk = "<unk>";

    private readonly List<string> _tokens;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a vocabulary from an ordered token list; <paramref name="padToken"/> and
    /// <paramref name="unkToken"/> must be in it.</summary>
    public Vocabulary(IEnumerable<string> tokens, string padToken = DefaultPad, string unkToken = DefaultUnk)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _tokens = [];
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            if (string.IsNullOrEmpty(t)) throw new ArgumentException("Vocabulary: tokens must be non-empty strings.", nameof(tokens));
            if (!_index.TryAdd(t, _tokens.Count))
                throw new ArgumentException($"Vocabulary: token '{t}' appears twice; tokens must be unique.", nameof(tokens));
            _tokens.Add(t);
        }
        PadIndex = _index.TryGetValue(padToken, out int p) ? p
            : throw new ArgumentException($"Vocabulary: the padding token '{padToken}' is not in the token list.", nameof(padToken));
        UnkIndex = _index.TryGetValue(unkToken, out int u) ? u
            : throw new ArgumentException($"Vocabulary: the unknown token '{unkToken}' is not in the token list.", nameof(unkToken));
    }

    /// <summary>Builds a vocabulary from tokenized documents.</summary>
    /// <param name="documents">The corpus, one token sequence per document.</param>
    /// <param name="minFrequency">Tokens seen fewer times are left out (default 1).</param>
    /// <param name="maxSize">Maximum size including the special tokens (null = unlimited).</param>
    /// <param name="specials">Special tokens placed first (default <c>&lt;pad&gt;</c>, <c>&lt;unk&gt;</c>); the first
    /// is the padding token and the second the unknown token.</param>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> documents, int minFrequency = 1, int? maxSize = null,
        IReadOnlyList<string>? specials = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (minFrequency < 1) throw new ArgumentOutOfRangeException(nameof(minFrequency), minFrequency, "Vocabulary.Build: minFrequency must be ≥ 1.");
        specials ??= [DefaultPad, DefaultUnk];
        if (specials.Count < 2) throw new ArgumentException("Vocabulary.Build: give at least the padding and unknown tokens as specials.", nameof(specials));
        if (maxSize < specials.Count) throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, $"Vocabulary.Build: maxSize must hold the {specials.Count} special tokens.");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in documents)
            foreach (var t in doc) counts[t] = counts.GetValueOrDefault(t) + 1;
        var special = new HashSet<string>(specials, StringComparer.Ordinal);
        var candidates = new List<KeyValuePair<string, int>>();
        foreach (var kv in counts)
            if (kv.Value >= minFrequency && !special.Contains(kv.Key)) candidates.Add(kv);
        candidates.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        var tokens = new List<string>(specials);
        foreach (var kv in candidates)
        {
            if (maxSize is int max && tokens.Count >= max) break;
            tokens.Add(kv.Key);
        }
        return new Vocabulary(tokens, specials[0], specials[1]);
    }

    /// <summary>Number of tokens, specials included.</summary>
    public int Count => _tokens.Count;

    /// <summary>Index of the padding token.</summary>
    public int PadIndex { get; }

    /// <summary>Index of the unknown token.</summary>
    public int UnkIndex { get; }

    /// <summary>The tokens by index.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>Whether <paramref name="token"/> is in the vocabulary.</summary>
    public bool Contains(string token) => _index.ContainsKey(token);

    /// <summary>Index of <paramref name="token"/>, or <see cref="UnkIndex"/> when it is unknown.</summary>
    public int IndexOf(string token) => _index.TryGetValue(token, out int i) ? i : UnkIndex;

    /// <summary>Encodes tokens to indices (unknown tokens → <see cref="UnkIndex"/>).</summary>
    public int[] Encode(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var ids = new int[tokens.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = IndexOf(tokens[i]);
        return ids;
    }

    /// <summary>Decodes indices to tokens; <paramref name="skipPadding"/> drops padding.</summary>
    public List<string> Decode(ReadOnlySpan<int> ids, bool skipPadding = true)
    {
        var tokens = new List<string>(ids.Length);
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_tokens.Count)
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Vocabulary.Decode: index outside 0..{_tokens.Count - 1}.");
            if (skipPadding && id == PadIndex) continue;
            tokens.Add(_tokens[id]);
        }
        return tokens;
    }

    /// <summary>Saves the vocabulary as UTF-8 text: a header line <c>#nabla-vocab pad=&lt;i&gt; unk=&lt;i&gt;</c>, then one token per line in index order (backslash, line feed and carriage return written as
    /// <c>\\</c>, <c>\n</c>, <c>\r</c>).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        w.Write($"#nabla-vocab pad={PadIndex} unk={UnkIndex}\n");
        foreach (var t in _tokens) w.Write(t.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r") + "\n");
    }

    /// <summary>Loads a vocabulary written by <see cref="Save"/>.</summary>
    public static Vocabulary Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new DataException($"Vocabulary.Load: file '{path}' does not exist.");
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++) lines[i] = lines[i].TrimEnd('\r');
        var header = lines[0].Split(' ');
        if (header.Length != 3 || header[0] != "#nabla-vocab" || !header[1].StartsWith("pad=", StringComparison.Ordinal)
            || !header[2].StartsWith("unk=", StringComparison.Ordinal)
            || !int.TryParse(header[1].AsSpan(4), out int pad) || !int.TryParse(header[2].AsSpan(4), out int unk))
            throw new DataException($"Vocabulary.Load: '{path}', line 1: expected the header '#nabla-vocab pad=<i> unk=<i>'.");
        int count = lines.Length - 1;
        if (count > 0 && lines[^1].Length == 0) count--;
        var tokens = new string[count];
        for (int i = 0; i < count; i++) tokens[i] = Unescape(lines[i + 1], path, i + 2);
        if ((uint)pad >= (uint)tokens.Length || (uint)unk >= (uint)tokens.Length)
            throw new DataException($"Vocabulary.Load: '{path}' names pad={pad} and unk={unk} but holds {tokens.Length} tokens; the file is truncated or corrupt.");
        return new Vocabulary(tokens, tokens[pad], tokens[unk]);
    }

    private static string Unescape(string line, string path, int lineNumber)
    {
        if (!line.Contains('\\')) return line;
        var sb = new System.Text.StringBuilder(line.Length);
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] != '\\') { sb.Append(line[i]); continue; }
            char next = i + 1 < line.Length ? line[++i] : '\0';
            sb.Append(next switch
            {
                '\\' => '\\',
                'n' => '\n',
                'r' => '\r',
                _ => throw new DataException($"Vocabulary.Load: '{path}', line {lineNumber}: unknown escape '\\{next}' (only \\\\, \\n, \\r)."),
            });
        }
        return sb.ToString();
    }
}
