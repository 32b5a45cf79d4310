using System.Collections.Concurrent;

namespace Nabla.Data.Text.Augment;

/// <summary>
/// Synonyms from the WordNet database files installed by Debian's <c>wordnet-base</c> package
/// (<c>/usr/share/wordnet/data.noun</c>, <c>data.verb</c>, <c>data.adj</c>, <c>data.adv</c>; format wndb(5)).
/// Each synset line <c>offset lex_filenum ss_type w_cnt word lex_id [word lex_id ...] ...</c> (w_cnt in hex)
/// makes its words mutual synonyms; a word's synonyms are the union over all its synsets and parts of speech,
/// cleaned as in the EDA code (lower case, '_' → space, letters only), sorted ordinally and computed on first
/// request. Words are looked up as written (no lemmatization), unlike NLTK's morphy. Thread-safe.
/// </summary>
public sealed class WordNetSynonyms : ISynonymSource
{
    /// <summary>Debian's WordNet folder.</summary>
    public const string DefaultDirectory = "/usr/share/wordnet";

    private static readonly string[] Files = ["data.noun", "data.verb", "data.adj", "data.adv"];
    private readonly List<string[]> _synsets;
    private readonly Dictionary<string, List<int>> _synsetsOfWord;
    private readonly ConcurrentDictionary<string, string[]> _cache = new(StringComparer.Ordinal);

    private WordNetSynonyms(List<string[]> synsets, Dictionary<string, List<int>> synsetsOfWord)
    {
        _synsets = synsets;
        _synsetsOfWord = synsetsOfWord;
    }

    /// <summary>Number of distinct (cleaned) words.</summary>
    public int WordCount => _synsetsOfWord.Count;

    /// <summary>Whether the WordNet data files are present in <paramref name="directory"/>.</summary>
    public static bool IsInstalled(string directory = DefaultDirectory)
    {
        foreach (var f in Files) if (!File.Exists(Path.Combine(directory, f))) return false;
        return true;
    }

    /// <summary>Reads the four data files of <paramref name="directory"/>; fails naming the file and line of a
    /// malformed synset.</summary>
    public static WordNetSynonyms Load(string directory = DefaultDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!IsInstalled(directory))
            throw new DataException($"WordNetSynonyms: the WordNet data files ({string.Join(", ", Files)}) are not all in '{directory}'; install Debian's wordnet-base package or use BuiltInSynonyms.");
        var synsets = new List<string[]>(120_000);
        var index = new Dictionary<string, List<int>>(150_000, StringComparer.Ordinal);
        foreach (var name in Files)
        {
            string path = Path.Combine(directory, name);
            int lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                if (line.Length == 0 || line[0] == ' ') continue;
                var words = ParseSynset(line, path, lineNumber);
                if (words.Length < 2) continue;
                foreach (var w in words)
                {
                    if (!index.TryGetValue(w, out var list)) index[w] = list = [];
                    list.Add(synsets.Count);
                }
                synsets.Add(words);
            }
        }
        return new WordNetSynonyms(synsets, index);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> SynonymsOf(string word)
    {
        if (word is null || !_synsetsOfWord.TryGetValue(word, out var ids)) return [];
        return _cache.GetOrAdd(word, static (w, state) =>
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (int id in state.ids)
                foreach (var s in state.synsets[id]) if (s != w) set.Add(s);
            return [.. set];
        }, (ids, synsets: _synsets));
    }

    /// <summary>The cleaned, distinct words of one synset line (fields 5, 7, ... up to w_cnt words).</summary>
    private static string[] ParseSynset(string line, string path, int lineNumber)
    {
        ReadOnlySpan<char> rest = line;
        for (int skip = 0; skip < 3; skip++) rest = SkipField(rest);
        var countField = NextField(rest, out rest);
        if (!int.TryParse(countField, System.Globalization.NumberStyles.HexNumber, null, out int count) || count < 1)
            throw Malformed(path, lineNumber);
        var words = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            var word = NextField(rest, out rest);
            if (word.IsEmpty) throw Malformed(path, lineNumber);
            rest = SkipField(rest);
            int marker = word.IndexOf('(');
            string clean = SynonymTable.Normalize((marker > 0 ? word[..marker] : word).ToString());
            if (clean.Length > 0 && !words.Contains(clean)) words.Add(clean);
        }
        return [.. words];
    }

    private static ReadOnlySpan<char> NextField(ReadOnlySpan<char> s, out ReadOnlySpan<char> rest)
    {
        int space = s.IndexOf(' ');
        if (space < 0) { rest = []; return s; }
        rest = s[(space + 1)..];
        return s[..space];
    }

    private static ReadOnlySpan<char> SkipField(ReadOnlySpan<char> s)
    {
        NextField(s, out var rest);
        return rest;
    }

    private static DataException Malformed(string path, int lineNumber) =>
        new($"WordNetSynonyms: {path}, line {lineNumber}: not a synset line (offset lex_filenum ss_type w_cnt word lex_id ...).");
}
