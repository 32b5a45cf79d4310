using Nabla.Data.Text;

namespace Nabla.Tests.Data.Text;

public class TokenizerTests
{
    [Fact]
    public void WordTokenizer_DefaultPatternLowercases()
    {
        var t = new WordTokenizer();
        Assert.Equal(["don't", "panic", ",", "it's", "42", "!"], t.Tokenize("Don't PANIC, it's 42!"));
    }

    [Fact]
    public void WordTokenizer_CustomPatternKeepsCase()
    {
        var t = new WordTokenizer(@"[A-Za-z]+", lowercase: false);
        Assert.Equal(["Hello", "World"], t.Tokenize("Hello, World 123"));
        Assert.Contains("invalid token pattern", Assert.Throws<ArgumentException>(() => new WordTokenizer("(")).Message);
    }

    [Fact]
    public void CharTokenizer_TextElementsAndRoundTrip()
    {
        var t = new CharTokenizer();
        const string text = "Ab c\u00e9\U0001F600e\u0301";
        var tokens = t.Tokenize(text);
        Assert.Equal(["A", "b", " ", "c", "\u00e9", "\U0001F600", "e\u0301"], tokens);
        Assert.Equal(text, string.Concat(tokens));
        Assert.Equal(["a", "b"], new CharTokenizer(lowercase: true).Tokenize("AB"));
    }
}
