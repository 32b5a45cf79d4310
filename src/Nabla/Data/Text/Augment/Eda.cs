namespace Nabla.Data.Text.Augment;

/// <summary>
/// Easy Data Augmentation for text (Wei and Zou, 2019, "EDA"), following the paper's code:
/// <list type="bullet">
/// <item>synonym replacement (SR): n_sr = max(1, ⌊α_sr·len⌋) distinct non-stop words, taken in random order, are
/// replaced (every occurrence) by a random synonym;</item>
/// <item>random insertion (RI): n_ri times, a random synonym of a random word (up to 10 tries to find a word with
/// synonyms) is inserted at a random position;</item>
/// <item>random swap (RS): n_rs times, two distinct random positions are swapped;</item>
/// <item>random deletion (RD): each word is deleted with probability p_rd; a one-word sentence is kept and if
/// every word was deleted one random word is returned, so a sentence never becomes empty.</item>
/// </list>
/// <see cref="Augment"/> cleans the sentence (lower case, letters and spaces only), makes ⌊NumAug/4⌋ + 1
/// sentences per enabled operation, shuffles them, keeps NumAug of them and appends the cleaned original.
/// All randomness comes from the given <see cref="Generator"/>, so a seed fixes the output.
/// </summary>
public sealed class Eda
{
    private readonly ISynonymSource _synonyms;

    /// <summary>Creates the augmenter with a synonym source (default <see cref="BuiltInSynonyms.Default"/>).</summary>
    public Eda(ISynonymSource? synonyms = null, EdaOptions? options = null)
    {
        _synonyms = synonyms ?? BuiltInSynonyms.Default();
        Options = options ?? new EdaOptions();
        if (Options.AlphaSr is < 0 or > 1 || Options.AlphaRi is < 0 or > 1 || Options.AlphaRs is < 0 or > 1 || Options.PRd is < 0 or > 1)
            throw new ArgumentException("Eda: AlphaSr, AlphaRi, AlphaRs and PRd must lie in [0, 1].", nameof(options));
        if (!(Options.NumAug >= 0)) throw new ArgumentException($"Eda: NumAug must be ≥ 0, got {Options.NumAug}.", nameof(options));
    }

    /// <summary>The parameters.</summary>
    public EdaOptions Options { get; }

    /// <summary>EDA's cleaning: lower case, apostrophes removed, every other non-letter a space, single spaces.</summary>
    public static string Clean(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var sb = new System.Text.StringBuilder(sentence.Length);
        foreach (char ch0 in sentence.ToLowerInvariant())
        {
            if (ch0 == '\'') continue;
            char ch = ch0 is >= 'a' and <= 'z' ? ch0 : ' ';
            if (ch != ' ' || (sb.Length > 0 && sb[^1] != ' ')) sb.Append(ch);
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>The augmented sentences of <paramref name="sentence"/> (see the class summary), the cleaned
    /// original last. A sentence without any word gives just its cleaned form.</summary>
    public List<string> Augment(string sentence, Generator? generator = null)
    {
        var g = generator ?? Generator.Default;
        string clean = Clean(sentence);
        var words = Split(clean);
        var result = new List<string>();
        if (words.Count == 0) { result.Add(clean); return result; }
        int perTechnique = (int)(Options.NumAug / 4) + 1;
        int len = words.Count;
        if (Options.AlphaSr > 0)
            for (int i = 0; i < perTechnique; i++) result.Add(Join(SynonymReplacement(words, Count(Options.AlphaSr, len), g)));
        if (Options.AlphaRi > 0)
            for (int i = 0; i < perTechnique; i++) result.Add(Join(RandomInsertion(words, Count(Options.AlphaRi, len), g)));
        if (Options.AlphaRs > 0)
            for (int i = 0; i < perTechnique; i++) result.Add(Join(RandomSwap(words, Count(Options.AlphaRs, len), g)));
        if (Options.PRd > 0)
            for (int i = 0; i < perTechnique; i++) result.Add(Join(RandomDeletion(words, Options.PRd, g)));
        for (int i = 0; i < result.Count; i++) result[i] = Clean(result[i]);
        g.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(result));
        if (Options.NumAug >= 1)
        {
            if (result.Count > (int)Options.NumAug) result.RemoveRange((int)Options.NumAug, result.Count - (int)Options.NumAug);
        }
        else if (result.Count > 0)
        {
            double keep = Options.NumAug / result.Count;
            result = result.Where(_ => g.NextDouble() < keep).ToList();
        }
        result.Add(clean);
        return result;
    }

    /// <summary>Replaces up to <paramref name="n"/> distinct non-stop words (random order) by a random synonym.</summary>
    public List<string> SynonymReplacement(IReadOnlyList<string> words, int n, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(generator);
        var result = new List<string>(words);
        var candidates = new List<string>();
        foreach (var w in words)
            if (!StopWords.Contains(w) && !candidates.Contains(w)) candidates.Add(w);
        generator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(candidates));
        int replaced = 0;
        foreach (var word in candidates)
        {
            if (replaced >= n) break;
            var synonyms = _synonyms.SynonymsOf(word);
            if (synonyms.Count == 0) continue;
            string synonym = synonyms[generator.NextInt(synonyms.Count)];
            for (int i = 0; i < result.Count; i++) if (result[i] == word) result[i] = synonym;
            replaced++;
        }
        return Split(Join(result));
    }

    /// <summary>Inserts <paramref name="n"/> times a random synonym of a random word at a random position.</summary>
    public List<string> RandomInsertion(IReadOnlyList<string> words, int n, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(generator);
        var result = new List<string>(words);
        for (int k = 0; k < n && result.Count > 0; k++)
        {
            IReadOnlyList<string> synonyms = [];
            for (int tries = 0; tries < 10 && synonyms.Count == 0; tries++)
                synonyms = _synonyms.SynonymsOf(result[generator.NextInt(result.Count)]);
            if (synonyms.Count == 0) break;
            string synonym = synonyms[generator.NextInt(synonyms.Count)];
            result.Insert(generator.NextInt(result.Count), synonym);
        }
        return Split(Join(result));
    }

    /// <summary>Swaps two distinct random positions <paramref name="n"/> times (up to 3 redraws to find a second
    /// position, as the paper's code); the multiset of words never changes.</summary>
    public static List<string> RandomSwap(IReadOnlyList<string> words, int n, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(generator);
        var result = new List<string>(words);
        if (result.Count < 2) return result;
        for (int k = 0; k < n; k++)
        {
            int i = generator.NextInt(result.Count), j = i;
            for (int tries = 0; j == i && tries <= 3; tries++) j = generator.NextInt(result.Count);
            if (j == i) break;
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }

    /// <summary>Deletes each word with probability <paramref name="p"/>; never returns an empty list for a
    /// non-empty input (a one-word sentence is kept; if all were deleted, one random word is kept).</summary>
    public static List<string> RandomDeletion(IReadOnlyList<string> words, double p, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(generator);
        if (words.Count <= 1) return new List<string>(words);
        var result = new List<string>(words.Count);
        foreach (var w in words) if (generator.NextDouble() > p) result.Add(w);
        if (result.Count == 0) result.Add(words[generator.NextInt(words.Count)]);
        return result;
    }

    private static int Count(double alpha, int length) => Math.Max(1, (int)(alpha * length));

    private static string Join(List<string> words) => string.Join(' ', words);

    private static List<string> Split(string sentence) =>
        [.. sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
}
