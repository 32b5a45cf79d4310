using System.Text.RegularExpressions;

namespace Nabla.Data.Text;

/// <summary>
/// Word-level tokenizer: the tokens are the matches of a regular expression, optionally lower-cased first.
/// The default pattern <c>\w+(?:'\w+)?|[^\w\s]</c> keeps words with an inner apostrophe ("don't") and makes
/// each punctuation mark a token.
/// </summary>
public sealed class WordTokenizer : ITokenizer
{
    /// <summary>The default token pattern.</summary>
    public const string DefaultPattern = @"\w+(?:'\w+)?|[^\w\s]";

    private readonly Regex _regex;

    /// <summary>Creates a tokenizer matching <paramref name="pattern"/>; <paramref name="lowercase"/> lower-cases
    /// the text (invariant culture) before matching.</summary>
    public WordTokenizer(string pattern = DefaultPattern, bool lowercase = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        try
        {
            _regex = new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"WordTokenizer: invalid token pattern '{pattern}': {e.Message}", nameof(pattern), e);
        }
        Pattern = pattern;
        Lowercase = lowercase;
    }

    /// <summary>The token pattern.</summary>
    public string Pattern { get; }

    /// <summary>Whether text is lower-cased first.</summary>
    public bool Lowercase { get; }

    /// <inheritdoc/>
    public List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Lowercase) text = text.ToLowerInvariant();
        var tokens = new List<string>();
        for (var m = _regex.Match(text); m.Success; m = m.NextMatch())
            if (m.Length > 0) tokens.Add(m.Value);
        return tokens;
    }
}
