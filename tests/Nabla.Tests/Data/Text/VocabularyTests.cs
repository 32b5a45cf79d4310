using Nabla.Data;
using Nabla.Data.Text;
using Nabla.Tests.Data.Csv;

namespace Nabla.Tests.Data.Text;

public class VocabularyTests
{
    private static readonly List<string>[] Corpus =
    [
        ["the", "cat", "sat"], ["the", "dog", "sat"], ["the", "cat", "ran"], ["a", "bird"],
    ];

    [Fact]
    public void Build_SpecialsFirstThenByFrequency()
    {
        var v = Vocabulary.Build(Corpus);
        Assert.Equal(["<pad>", "<unk>", "the", "cat", "sat", "a", "bird", "dog", "ran"], v.Tokens);
        Assert.Equal(0, v.PadIndex);
        Assert.Equal(1, v.UnkIndex);
    }

    [Fact]
    public void Build_MinFrequencyAndMaxSize()
    {
        Assert.Equal(["<pad>", "<unk>", "the", "cat", "sat"], Vocabulary.Build(Corpus, minFrequency: 2).Tokens);
        Assert.Equal(["<pad>", "<unk>", "the", "cat"], Vocabulary.Build(Corpus, maxSize: 4).Tokens);
    }

    [Fact]
    public void EncodeDecode_RoundTripAndOovToUnk()
    {
        var v = Vocabulary.Build(Corpus);
        var ids = v.Encode(["the", "zebra", "sat"]);
        Assert.Equal([2, 1, 4], ids);
        Assert.Equal(["the", "<unk>", "sat"], v.Decode(ids));
        Assert.Equal(["the", "cat"], v.Decode([2, 3, 0, 0]));
        Assert.Equal(["the", "<pad>"], v.Decode([2, 0], skipPadding: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Decode([99]));
    }

    [Fact]
    public void SaveLoad_RoundTrip()
    {
        using var dir = new TempFolder();
        var v = Vocabulary.Build(Corpus, specials: ["[PAD]", "[UNK]", "[CLS]"]);
        string path = Path.Combine(dir.Path, "vocab.txt");
        v.Save(path);
        var back = Vocabulary.Load(path);
        Assert.Equal(v.Tokens, back.Tokens);
        Assert.Equal(0, back.PadIndex);
        Assert.Equal(1, back.UnkIndex);
        Assert.Equal(2, back.IndexOf("[CLS]"));
    }

    [Fact]
    public void SaveLoad_EscapesLineBreaksAndBackslashes()
    {
        using var dir = new TempFolder();
        var v = new Vocabulary(["<pad>", "<unk>", "\n", "a\\b", "\\n", "\r\n"]);
        string path = Path.Combine(dir.Path, "chars.txt");
        v.Save(path);
        Assert.Equal(v.Tokens, Vocabulary.Load(path).Tokens);
        Assert.Contains("unknown escape", Assert.Throws<DataException>(() => Vocabulary.Load(dir.Write("e.txt", "#nabla-vocab pad=0 unk=1\n<pad>\n<unk>\nx\\q\n"))).Message);
    }

    [Fact]
    public void Load_CorruptFileFails()
    {
        using var dir = new TempFolder();
        Assert.Contains("line 1", Assert.Throws<DataException>(() => Vocabulary.Load(dir.Write("v.txt", "hello\nworld\n"))).Message);
        Assert.Contains("truncated", Assert.Throws<DataException>(() => Vocabulary.Load(dir.Write("w.txt", "#nabla-vocab pad=0 unk=5\n<pad>\n"))).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new Vocabulary(["<pad>", "<unk>", "a", "a"])).Message);
    }
}
