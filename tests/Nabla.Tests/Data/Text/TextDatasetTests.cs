using Nabla.Data;
using Nabla.Data.Csv;
using Nabla.Data.Text;
using Nabla.Tests.Data.Csv;

namespace Nabla.Tests.Data.Text;

public class TextDatasetTests
{
    [Fact]
    public void FromDelimited_EncodesPadsAndLabels()
    {
        using var dir = new TempFolder();
        string path = dir.Write("reviews.tsv", "label\ttext\npos\tGreat movie, great cast\nneg\tBoring\npos\t\"Loved it\"\n");
        var ds = TextClassificationDataset.FromDelimited(path, "text", "label", new WordTokenizer(), new TextDatasetOptions { SequenceLength = 4 });
        Assert.Equal(["neg", "pos"], ds.ClassNames);
        Assert.Equal(3, ds.Count);
        Assert.Equal([4], ds.InputShape.ToArray());
        Assert.Equal([4, 1, 2], ds.Lengths);
        var input = new float[4];
        var target = new float[1];
        ds.CopySample(1, input, target);
        Assert.Equal(0f, target[0]);
        Assert.Equal(ds.Vocabulary.IndexOf("boring"), (int)input[0]);
        Assert.Equal([0f, 0f, 0f], input[1..]);
        ds.CopySample(0, input, target);
        Assert.Equal(["great", "movie", ",", "great"], ds.Vocabulary.Decode(input.Select(v => (int)v).ToArray()));
        Assert.Equal(ds.Vocabulary.UnkIndex, ds.Encode("zzz")[0]);
    }

    [Fact]
    public void FromDelimited_SharedVocabularyAndUnknownClassFails()
    {
        using var dir = new TempFolder();
        var train = TextClassificationDataset.FromDelimited(dir.Write("train.csv", "text,label\nhello world,a\nbye,b\n"), "text", "label", new WordTokenizer());
        var test = TextClassificationDataset.FromDelimited(dir.Write("test.csv", "text,label\nhello there,b\n"), "text", "label", new WordTokenizer(),
            new TextDatasetOptions { Vocabulary = train.Vocabulary, ClassNames = train.ClassNames });
        Assert.Same(train.Vocabulary, test.Vocabulary);
        Assert.Equal(1, test.LabelOf(0));
        Assert.Equal([train.Vocabulary.IndexOf("hello"), train.Vocabulary.UnkIndex], test.TokenIds(0).ToArray());
        var e = Assert.Throws<DataException>(() => TextClassificationDataset.FromDelimited(dir.Write("odd.csv", "text,label\nx,c\n"), "text", "label",
            new WordTokenizer(), new TextDatasetOptions { ClassNames = train.ClassNames }));
        Assert.Contains("'c'", e.Message);
        var bad = dir.Write("bad.csv", "text,label\nx,a\ny\n");
        Assert.Contains("line 3", Assert.Throws<DataException>(() => TextClassificationDataset.FromDelimited(bad, "text", "label", new WordTokenizer())).Message);
    }

    [Fact]
    public void FromFolder_OneFilePerClassOneLinePerSample()
    {
        using var dir = new TempFolder();
        dir.Write("sports.txt", "the match was great\n\nthe team won\n");
        dir.Write("politics.txt", "the vote passed\n");
        var ds = TextClassificationDataset.FromFolder(dir.Path, new WordTokenizer(), new TextDatasetOptions { SequenceLength = 3, Padding = SequenceEnd.Pre });
        Assert.Equal(["politics", "sports"], ds.ClassNames);
        Assert.Equal(3, ds.Count);
        Assert.Equal([0, 1, 1], Enumerable.Range(0, 3).Select(ds.LabelOf));
        var input = new float[3];
        var target = new float[1];
        ds.CopySample(0, input, target);
        Assert.Equal(["the", "vote", "passed"], ds.Vocabulary.Decode(input.Select(v => (int)v).ToArray()));
        using var empty = new TempFolder();
        empty.Write("a.txt", "\n  \n");
        Assert.Contains("no non-blank line", Assert.Throws<DataException>(() => TextClassificationDataset.FromFolder(empty.Path, new WordTokenizer())).Message);
    }

    [Fact]
    public void FromTexts_AfterEdaAugmentation()
    {
        var eda = new Nabla.Data.Text.Augment.Eda(new Nabla.Data.Text.Augment.BuiltInSynonyms(),
            new Nabla.Data.Text.Augment.EdaOptions { NumAug = 3 });
        var texts = new List<string>();
        var labels = new List<string>();
        foreach (var (text, label) in new[] { ("a good movie with a funny story", "pos"), ("a bad and boring film", "neg") })
            foreach (var augmented in eda.Augment(text, new Generator(7)))
            {
                texts.Add(augmented);
                labels.Add(label);
            }
        var ds = TextClassificationDataset.FromTexts(texts, labels, new WordTokenizer(), new TextDatasetOptions { SequenceLength = 8 });
        Assert.Equal(8, ds.Count);
        Assert.Equal(4, Enumerable.Range(0, 8).Count(i => ds.LabelOf(i) == 1));
        Assert.Contains("1 labels", Assert.Throws<ArgumentException>(() => TextClassificationDataset.FromTexts(["a", "b"], ["x"], new WordTokenizer())).Message);
    }

    [Fact]
    public void LanguageModel_EmptyFileFails()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<DataException>(() => LanguageModelDataset.FromFile(dir.Write("empty.txt", ""), new WordTokenizer(), 4));
        Assert.Contains("empty.txt", e.Message);
        Assert.Contains("no tokens", e.Message);
    }

    [Fact]
    public void LanguageModel_TargetsAreInputsShiftedByOne()
    {
        int[] stream = Enumerable.Range(10, 11).ToArray(); // 11 tokens
        var ds = new LanguageModelDataset(stream, 4);
        Assert.Equal(2, ds.Count); // ⌊(11 − 1 − 4) / 4⌋ + 1
        Assert.Equal([4], ds.TargetShape.ToArray());
        var x = new float[4];
        var y = new float[4];
        ds.CopySample(1, x, y);
        Assert.Equal([14f, 15f, 16f, 17f], x);
        Assert.Equal([15f, 16f, 17f, 18f], y);
        var overlapping = new LanguageModelDataset(stream, 4, stride: 1);
        Assert.Equal(7, overlapping.Count);
        Assert.Contains("too short", Assert.Throws<ArgumentException>(() => new LanguageModelDataset([1, 2, 3], 3)).Message);
    }

    [Fact]
    public void LanguageModel_FromFileWithCharacters()
    {
        using var dir = new TempFolder();
        string path = dir.Write("tiny.txt", "abab\nba\n");
        var ds = LanguageModelDataset.FromFile(path, new CharTokenizer(), 3, endOfLine: "\n");
        var v = ds.Vocabulary!;
        Assert.Equal(["<pad>", "<unk>", "\n", "a", "b"], v.Tokens);
        Assert.Equal(2, ds.Count); // 8 tokens: a b a b \n b a \n
        var x = new float[3];
        var y = new float[3];
        ds.CopySample(1, x, y);
        Assert.Equal(["b", "\n", "b"], v.Decode(x.Select(f => (int)f).ToArray()));
        Assert.Equal(["\n", "b", "a"], v.Decode(y.Select(f => (int)f).ToArray()));
    }

    [Fact]
    public void LanguageModel_TargetBatchesAreSequences()
    {
        var ds = new LanguageModelDataset(Enumerable.Range(0, 50).ToArray(), 5, stride: 3);
        var batches = Images.ImageFolderLoaderTests.Collect(ds, 2);
        using var loader = new DataLoader(ds, 4, workers: 1);
        foreach (var b in loader)
        {
            Assert.Equal([b.Count, 5], b.Targets.Shape.ToArray());
            var x = b.Inputs.ToArray();
            var y = b.Targets.ToArray();
            for (int i = 0; i < x.Length; i++) Assert.Equal(x[i] + 1, y[i]);
        }
        Assert.Equal(ds.Count, batches.Sum(b => b.Shape[0]));
    }
}
