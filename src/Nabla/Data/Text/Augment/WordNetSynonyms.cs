namespace Nabla.Data.Text.Augment;

/// <summary>
/// Synonyms from the WordNet database files installed by Debian's <c>wordnet-base</c> package
/// (<c>/usr/share/wordnet/data.noun</c>, <c>data.verb</c>, <c>data.adj</c>, <c>data.adv</c>; format wndb(5)).
/// Each synset line <c>offset lex_filenum ss_type w_cnt word lex_id [word lex_id ...] ...</c> (w_cnt in hex)
/// makes its words mutual synonyms; a word's synonyms are the union over all its synsets and parts of speech,
/// cleaned as in the EDA code (lower case, '_' → space, letters only). Words are looked up as written (no
/// lemmatization), unlike NLTK's morphy.
/// </summary>
public sealed class WordNetSynonyms : SynonymTable
{
    /// <summary>Debian's WordNet folder.</summary>
    public const string DefaultDirectory = "/usr/share/wordnet";

    private static readonly string[] Files = ["data.noun", "data.verb", "data.adj", "data.adv"];

    private WordNetSynonyms(Dictionary<string, SortedSet<string>> sets) : base(sets) { }

    /// <summary>Whether the WordNet data files are present in <paramref name="directory"/>.</summary>
    public static bool IsInstalled(string directory = DefaultDirectory) =>
        Files.All(f => File.Exists(Path.Combine(directory, f)));

    /// <summary>Reads the four data files of <paramref name="directory"/>; fails naming the file and line of a
    /// malformed synset.</summary>
    public static WordNetSynonyms Load(string directory = DefaultDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!IsInstalled(directory))
            throw new FileNotFoundException($"WordNetSynonyms: the WordNet data files ({string.Join(", ", Files)}) are not all in '{directory}'; install Debian's wordnet-base package or use BuiltInSynonyms.");
        var sets = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var group = new List<string>();
        foreach (var name in Files)
        {
            string path = Path.Combine(directory, name);
            int lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                if (line.Length == 0 || line[0] == ' ') continue;
                ParseSynset(line, group, path, lineNumber);
                AddGroup(sets, group);
            }
        }
        return new WordNetSynonyms(sets);
    }

    private static void ParseSynset(string line, List<string> words, string path, int lineNumber)
    {
        words.Clear();
        var fields = line.Split(' ', 5 + 2 * 256);
        if (fields.Length < 5 || !int.TryParse(fields[3], System.Globalization.NumberStyles.HexNumber, null, out int count)
            || count < 1 || fields.Length < 4 + 2 * count)
            throw new InvalidDataException($"WordNetSynonyms: {path}, line {lineNumber}: not a synset line (offset lex_filenum ss_type w_cnt word lex_id ...).");
        for (int i = 0; i < count; i++)
        {
            string word = fields[4 + 2 * i];
            int marker = word.IndexOf('(');
            words.Add(marker > 0 ? word[..marker] : word);
        }
    }
}
