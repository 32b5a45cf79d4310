namespace Nabla.Data.Text;

/// <summary>Splits text into tokens.</summary>
public interface ITokenizer
{
    /// <summary>The tokens of <paramref name="text"/>, in order.</summary>
    List<string> Tokenize(string text);
}
