namespace Nabla.Data.Text.Augment;

/// <summary>A source of synonyms for <see cref="Eda"/>.</summary>
public interface ISynonymSource
{
    /// <summary>The synonyms of the lower-case <paramref name="word"/> (without the word itself), in a fixed
    /// order so that seeded augmentation is reproducible; empty when none is known. A synonym may hold spaces.</summary>
    IReadOnlyList<string> SynonymsOf(string word);
}
