namespace Nabla.Data.Text.Augment;

/// <summary>A synonym source backed by a word → synonym-set map; lists are sorted (ordinal) once built.</summary>
public class SynonymTable : ISynonymSource
{
    private readonly Dictionary<string, string[]> _map;

    /// <summary>Creates the table from groups of mutual synonyms: every word of a group is a synonym of the
    /// others (words are lower-cased; underscores and hyphens become spaces).</summary>
    public SynonymTable(IEnumerable<IReadOnlyList<string>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var sets = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var group in groups) AddGroup(sets, group);
        _map = Freeze(sets);
    }

    /// <summary>Number of words that have synonyms.</summary>
    public int WordCount => _map.Count;

    /// <inheritdoc/>
    public IReadOnlyList<string> SynonymsOf(string word) =>
        word is not null && _map.TryGetValue(word, out var s) ? s : [];

    private static void AddGroup(Dictionary<string, SortedSet<string>> sets, IReadOnlyList<string> group)
    {
        var words = new List<string>(group.Count);
        foreach (var raw in group)
        {
            string w = Normalize(raw);
            if (w.Length > 0 && !words.Contains(w)) words.Add(w);
        }
        if (words.Count < 2) return;
        foreach (var w in words)
        {
            if (!sets.TryGetValue(w, out var set)) sets[w] = set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var other in words) if (other != w) set.Add(other);
        }
    }

    /// <summary>Lower-cases, turns '_' and '-' into spaces and keeps only letters a–z and single spaces (EDA's cleaning).</summary>
    internal static string Normalize(string raw)
    {
        var sb = new System.Text.StringBuilder(raw.Length);
        foreach (char ch0 in raw.ToLowerInvariant())
        {
            char ch = ch0 is '_' or '-' ? ' ' : ch0;
            if (ch is >= 'a' and <= 'z') sb.Append(ch);
            else if (ch == ' ' && sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
        }
        return sb.ToString().Trim();
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, SortedSet<string>> sets)
    {
        var map = new Dictionary<string, string[]>(sets.Count, StringComparer.Ordinal);
        foreach (var (w, set) in sets) map[w] = [.. set];
        return map;
    }
}
