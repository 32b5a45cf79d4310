using System.Globalization;

namespace Nabla.Data.Text;

/// <summary>
/// Character-level tokenizer: one token per text element (a user-perceived character, so a surrogate pair or
/// a letter with a combining accent stays whole), optionally lower-cased; line breaks are kept as tokens.
/// </summary>
public sealed class CharTokenizer(bool lowercase = false) : ITokenizer
{
    /// <summary>Whether text is lower-cased first.</summary>
    public bool Lowercase { get; } = lowercase;

    /// <inheritdoc/>
    public List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Lowercase) text = text.ToLowerInvariant();
        var tokens = new List<string>(text.Length);
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) tokens.Add(e.GetTextElement());
        return tokens;
    }
}
