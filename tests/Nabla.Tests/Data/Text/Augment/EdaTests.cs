using Nabla.Data;
using Nabla.Data.Text.Augment;
using Nabla.Tests.Data.Csv;

namespace Nabla.Tests.Data.Text.Augment;

public class EdaTests
{
    private static readonly string[] Words = ["the", "quick", "movie", "was", "really", "good", "and", "very", "funny", "today"];
    private static readonly Eda Augmenter = new(new BuiltInSynonyms());

    [Fact]
    public void Augment_DeterministicUnderSeedAndCountsMatchPaper()
    {
        const string sentence = "The quick movie was really good, and very funny today!";
        var a = Augmenter.Augment(sentence, new Generator(42));
        var b = Augmenter.Augment(sentence, new Generator(42));
        Assert.Equal(a, b);
        Assert.Equal(10, a.Count); // num_aug = 9 augmented + the original
        Assert.Equal("the quick movie was really good and very funny today", a[^1]);
        Assert.NotEqual(a, Augmenter.Augment(sentence, new Generator(43)));
        Assert.All(a, s => Assert.Matches("^[a-z ]+$", s));
    }

    [Fact]
    public void Augment_FractionalNumAugAndEmptySentence()
    {
        var eda = new Eda(new BuiltInSynonyms(), new EdaOptions { NumAug = 2 });
        Assert.Equal(3, eda.Augment("a good movie", new Generator(1)).Count);
        Assert.Equal([""], Augmenter.Augment("123 !!", new Generator(1)));
        Assert.Throws<ArgumentException>(() => new Eda(new BuiltInSynonyms(), new EdaOptions { AlphaSr = 1.5 }));
    }

    [Fact]
    public void RandomSwap_KeepsMultisetOfWords()
    {
        var g = new Generator(5);
        for (int trial = 0; trial < 50; trial++)
        {
            var swapped = Eda.RandomSwap(Words, 3, g);
            Assert.Equal(Words.OrderBy(w => w, StringComparer.Ordinal), swapped.OrderBy(w => w, StringComparer.Ordinal));
        }
        Assert.Equal(["solo"], Eda.RandomSwap(["solo"], 2, g));
    }

    [Fact]
    public void RandomDeletion_NeverEmptiesASentenceAndKeepsOrder()
    {
        var g = new Generator(6);
        for (int trial = 0; trial < 200; trial++)
        {
            var kept = Eda.RandomDeletion(Words[..3], 0.9, g);
            Assert.NotEmpty(kept);
            Assert.True(IsSubsequence(kept, Words[..3]));
        }
        Assert.Equal(["one"], Eda.RandomDeletion(["one"], 1.0, g));
        Assert.Single(Eda.RandomDeletion(Words, 1.0, g));
        Assert.Equal(Words, Eda.RandomDeletion(Words, 0.0, g));
    }

    [Fact]
    public void SynonymReplacement_ReplacesWithListedSynonymsOnlyNonStopWords()
    {
        var source = new BuiltInSynonyms();
        var replaced = Augmenter.SynonymReplacement(Words, 2, new Generator(8));
        Assert.Equal(Words.Length, replaced.Count); // built-in synonyms used here are single words
        int changed = 0;
        for (int i = 0; i < Words.Length; i++)
        {
            if (replaced[i] == Words[i]) continue;
            changed++;
            Assert.False(StopWords.Contains(Words[i]), $"stop word '{Words[i]}' was replaced");
            Assert.Contains(replaced[i], source.SynonymsOf(Words[i]));
        }
        Assert.InRange(changed, 1, 2);
    }

    [Fact]
    public void RandomInsertion_AddsSynonymsOfSentenceWords()
    {
        var source = new BuiltInSynonyms();
        var inserted = Augmenter.RandomInsertion(Words, 2, new Generator(9));
        Assert.Equal(Words.Length + 2, inserted.Count);
        var extra = inserted.ToList();
        foreach (var w in Words) extra.Remove(w);
        Assert.Equal(2, extra.Count);
        Assert.All(extra, e => Assert.Contains(Words, w => source.SynonymsOf(w).Contains(e)));
        Assert.Equal(["zzz"], Augmenter.RandomInsertion(["zzz"], 3, new Generator(1)));
    }

    [Fact]
    public void WordNet_ReadsSynsetFilesAndRejectsMalformedLines()
    {
        using var dir = new TempFolder();
        dir.Write("data.noun", "  1 This software and database is being provided\n00001740 03 n 02 car 0 auto 0 000 | a motor vehicle\n");
        dir.Write("data.verb", "00002000 29 v 02 run 0 sprint 0 000 | move fast\n");
        dir.Write("data.adj", "00003000 00 a 02 big(a) 0 large 0 000 | above average in size\n");
        dir.Write("data.adv", "00004000 02 r 03 quickly 0 rapidly 0 speedily 0 000 | with speed\n");
        var wn = WordNetSynonyms.Load(dir.Path);
        Assert.Equal(["auto"], wn.SynonymsOf("car"));
        Assert.Equal(["large"], wn.SynonymsOf("big"));
        Assert.Equal(["rapidly", "speedily"], wn.SynonymsOf("quickly"));
        Assert.Empty(wn.SynonymsOf("zebra"));
        dir.Write("data.verb", "00002000 29 v zz run\n");
        var e = Assert.Throws<DataException>(() => WordNetSynonyms.Load(dir.Path));
        Assert.Contains("data.verb, line 1", e.Message);
        Assert.Throws<DataException>(() => WordNetSynonyms.Load(Path.Combine(dir.Path, "none")));
    }

    [Fact]
    public void WordNet_DebianFilesWhenInstalled()
    {
        if (!WordNetSynonyms.IsInstalled()) return; // wordnet-base is optional; the synthetic test above covers parsing
        var wn = WordNetSynonyms.Load();
        Assert.Contains("automobile", wn.SynonymsOf("car"));
        Assert.True(wn.WordCount > 50_000);
    }

    private static bool IsSubsequence(IReadOnlyList<string> sub, IReadOnlyList<string> full)
    {
        int j = 0;
        foreach (var w in full) if (j < sub.Count && sub[j] == w) j++;
        return j == sub.Count;
    }
}
